import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll } from 'vitest';

/**
 * postgres://user:password@host:port of a role that may create databases, for integration tests
 * against the real server (`npm run test:infra` sets TRAMITA_TEST_PG_URL_BASE); unset, they skip.
 */
export const postgresUrlBase: string | undefined = process.env.TRAMITA_TEST_PG_URL_BASE;

/** Runs one statement on the server's `postgres` database (creating and dropping databases). */
async function admin(base: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${base}/postgres` });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * Call it inside a suite: returns `freshDatabase(prefix)`, which creates an empty database of the
 * test's own (the prefix and a random suffix) and gives its URL. Every database it created is
 * dropped after all the suite's tests, even with connections still open to it.
 */
export function useFreshDatabases(): (prefix: string) => Promise<string> {
  const created: string[] = [];

  afterAll(async () => {
    for (const name of created) await admin(postgresUrlBase!, `drop database if exists ${name} with (force)`);
  });

  return async (prefix) => {
    if (!postgresUrlBase) throw new Error('TRAMITA_TEST_PG_URL_BASE is not set: no PostgreSQL server to create a database on');
    const name = `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    await admin(postgresUrlBase, `create database ${name}`);
    created.push(name);
    return `${postgresUrlBase}/${name}`;
  };
}
