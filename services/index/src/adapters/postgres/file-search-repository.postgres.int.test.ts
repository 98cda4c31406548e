import { afterAll, describe } from 'vitest';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { openDatabase, migrate, type Database } from '@tramita/platform';
import { messagingMigrations } from '@tramita/messaging';
import { fileSearchRepositoryContract } from '../../../test/file-search-repository.contract.ts';
import { PostgresFileSearchRepository } from './file-search-repository.postgres.ts';
import { indexMigrations } from './migrations.ts';

/**
 * The same contract against a real PostgreSQL server (15 in Debian), each run in a fresh schema.
 * Set INDEX_TEST_POSTGRES_URL (e.g. postgres://postgres@127.0.0.1:5432/index_test) to run it.
 */
const url = process.env.INDEX_TEST_POSTGRES_URL;
const opened: Database<unknown>[] = [];
const schemas: string[] = [];

afterAll(async () => {
  for (const database of opened) await database.close();
  if (!url || schemas.length === 0) return;
  const admin = await openDatabase<unknown>({ kind: 'postgres', url, poolSize: 1 });
  for (const schema of schemas) await sql.raw(`drop schema ${schema} cascade`).execute(admin.db);
  await admin.close();
});

describe.skipIf(!url)('PostgreSQL server', () => {
  fileSearchRepositoryContract('PostgreSQL server', async () => {
    const schema = `index_test_${randomUUID().replaceAll('-', '')}`;
    const admin = await openDatabase<unknown>({ kind: 'postgres', url: url!, poolSize: 1 });
    // As a DBA would provision it: extensions in public, reachable from every schema's search_path.
    await sql`create extension if not exists unaccent schema public`.execute(admin.db);
    await sql`create extension if not exists pg_trgm schema public`.execute(admin.db);
    await sql.raw(`create schema ${schema}`).execute(admin.db);
    await admin.close();
    schemas.push(schema);
    // Extensions live in public; the schema comes first so the tables land in it.
    const scoped = new URL(url!);
    scoped.searchParams.set('options', `-c search_path=${schema},public`);
    const database = await openDatabase<unknown>({ kind: 'postgres', url: scoped.toString(), poolSize: 2 });
    opened.push(database);
    await migrate(database.db, [messagingMigrations, indexMigrations]);
    return new PostgresFileSearchRepository(database.db);
  });
});
