import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { messagingMigrations } from '@tramita/messaging';
import { openDatabase } from './database.ts';
import { migrate, type MigrationSet } from './migrations.ts';
import { SERVICES_WITH_DATABASE } from './service-names.ts';
import { postgresUrlBase, useFreshDatabases } from './testing-postgres.ts';

/**
 * Every service's migration set on a real PostgreSQL server (15 in Debian; PGlite, which the
 * unit tests use, is 18): a fresh database takes them all, and a second run changes nothing.
 * Set TRAMITA_TEST_PG_URL_BASE (postgres://user:password@host:port, a role that may create
 * databases); `npm run test:infra` does.
 */
const base = postgresUrlBase;
const services = fileURLToPath(new URL('../../../services', import.meta.url));

/** The sets each service's main.ts passes to openServiceInfrastructure (after messaging). */
const serviceSets: MigrationSet[] = SERVICES_WITH_DATABASE.map((name) => ({
  name,
  directory: `${services}/${name}/src/adapters/postgres/migrations`,
}));

describe.skipIf(!base)('migrations on PostgreSQL', () => {
  const freshDatabase = useFreshDatabases();

  it('covers every service that keeps migrations', async () => {
    const withMigrations: string[] = [];
    for (const entry of await readdir(services, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const files = await readdir(`${services}/${entry.name}/src/adapters/postgres/migrations`).catch(() => []);
      if (files.some((f) => f.endsWith('.sql'))) withMigrations.push(entry.name);
    }
    expect(serviceSets.map((s) => s.name).sort()).toEqual(withMigrations.sort());
  });

  it('runs on PostgreSQL 15 or later', async () => {
    const database = await openDatabase<unknown>({ kind: 'postgres', url: `${base}/postgres`, poolSize: 1 });
    const version = await sql<{ server_version_num: string }>`show server_version_num`.execute(database.db);
    await database.close();
    expect(Number(version.rows[0]?.server_version_num)).toBeGreaterThanOrEqual(150000);
  });

  for (const set of serviceSets) {
    it(`applies the messaging and ${set.name} migrations to a fresh database, and a second run is a no-op`, async () => {
      const files = (await readdir(set.directory)).filter((f) => /^\d{4}_.*\.sql$/.test(f)).sort();
      const messagingFiles = (await readdir(messagingMigrations.directory)).filter((f) => f.endsWith('.sql')).sort();
      const database = await openDatabase<unknown>({ kind: 'postgres', url: await freshDatabase(`mig_${set.name}`), poolSize: 2 });
      try {
        const sets = [messagingMigrations, set];
        const first = await migrate(database.db, sets);
        expect(first).toEqual([...messagingFiles.map((f) => `messaging/${f}`), ...files.map((f) => `${set.name}/${f}`)]);
        const tablesAfterFirst = await tables(database.db);
        expect(tablesAfterFirst).toEqual(expect.arrayContaining(['outbox', 'inbox', 'dead_letters', 'saga_instances', 'schema_migrations']));
        expect(tablesAfterFirst.length).toBeGreaterThan(5);

        expect(await migrate(database.db, sets)).toEqual([]);
        expect(await tables(database.db)).toEqual(tablesAfterFirst);
        const recorded = await sql<{ n: number }>`select count(*)::int as n from schema_migrations`.execute(database.db);
        expect(recorded.rows[0]?.n).toBe(first.length);
      } finally {
        await database.close();
      }
    });
  }
});

async function tables(db: Kysely<unknown>): Promise<string[]> {
  const rows = await sql<{ table_name: string }>`select table_name from information_schema.tables
    where table_schema = 'public' order by table_name`.execute(db);
  return rows.rows.map((r) => r.table_name);
}
