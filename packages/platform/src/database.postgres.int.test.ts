import { sql } from 'kysely';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';
import { postgresUrlBase as base, useFreshDatabases } from './testing-postgres.ts';

/**
 * The PostgreSQL pool against a real server whose connections end under it, as a server
 * restart ends them: the service must keep running and reconnect, not crash on the pool's
 * 'error' event. Set TRAMITA_TEST_PG_URL_BASE (`npm run test:infra` does).
 */
async function admin<T extends pg.QueryResultRow>(statement: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: `${base}/postgres` });
  await client.connect();
  try {
    return (await client.query<T>(statement, values)).rows;
  } finally {
    await client.end();
  }
}

describe.skipIf(!base)('openDatabase on PostgreSQL', () => {
  const freshDatabase = useFreshDatabases();
  let url: string;
  let name: string;

  beforeAll(async () => {
    url = await freshDatabase('tramita_pool');
    name = url.slice(url.lastIndexOf('/') + 1);
  });

  it('survives the server ending its idle connections, reports it, and reconnects for the next query', async () => {
    const lost: Error[] = [];
    const database = await openDatabase<unknown>({ kind: 'postgres', url, poolSize: 3 }, { onConnectionError: (error) => void lost.push(error) });
    try {
      // Open three pooled connections at once, then let them go idle.
      await Promise.all([1, 2, 3].map(() => sql`select pg_sleep(0.05)`.execute(database.db)));
      const ended = await admin<{ ended: boolean }>(
        'select pg_terminate_backend(pid) as ended from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [name],
      );
      expect(ended.length).toBeGreaterThan(0);
      for (let i = 0; i < 200 && lost.length < ended.length; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(lost.length, 'each ended connection reported').toBe(ended.length);
      expect(lost[0]!.message).toMatch(/terminat/i);

      const answer = await sql<{ one: number }>`select 1 as one`.execute(database.db);
      expect(answer.rows).toEqual([{ one: 1 }]);
    } finally {
      await database.close();
    }
  });

  it('survives the server ending a connection a transaction holds: the transaction fails, the next one works', async () => {
    const lost: Error[] = [];
    const database = await openDatabase<unknown>({ kind: 'postgres', url, poolSize: 2 }, { onConnectionError: (error) => void lost.push(error) });
    try {
      const transaction = database.db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        // The server ends this connection while the transaction holds it between two statements
        // (as the outbox relay does while it waits for the broker).
        await admin('select pg_terminate_backend($1)', [rows[0]!.pid]);
        for (let i = 0; i < 200 && lost.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
        await sql`select 1`.execute(trx);
      });
      await expect(transaction).rejects.toThrow();
      expect(lost.length, 'the ended connection reported').toBeGreaterThan(0);

      const answer = await database.db.transaction().execute((trx) => sql<{ one: number }>`select 1 as one`.execute(trx));
      expect(answer.rows).toEqual([{ one: 1 }]);
    } finally {
      await database.close();
    }
  });
});
