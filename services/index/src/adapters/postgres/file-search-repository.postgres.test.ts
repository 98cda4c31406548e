import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, migrate, type Database } from '@tramita/platform';
import { messagingMigrations } from '@tramita/messaging';
import { parseFileSearchQuery } from '../../application/file-search-query.ts';
import { applyFileEvent } from '../../application/apply-file-event.ts';
import { fileSearchRepositoryContract } from '../../../test/file-search-repository.contract.ts';
import { fileCreated, fileUpdated } from '../../../test/events.ts';
import { PostgresFileSearchRepository, toTsquery } from './file-search-repository.postgres.ts';
import { indexMigrations } from './migrations.ts';

const opened: Database<unknown>[] = [];

async function freshDatabase() {
  const database = await openDatabase<unknown>({ kind: 'memory' });
  opened.push(database);
  await migrate(database.db, [messagingMigrations, indexMigrations]);
  return database;
}

async function freshRepository() {
  return new PostgresFileSearchRepository((await freshDatabase()).db);
}

afterAll(async () => {
  for (const database of opened) await database.close();
});

fileSearchRepositoryContract('PostgreSQL (PGlite)', freshRepository);

describe('PostgreSQL full-text search', () => {
  it('builds a prefix tsquery from letters and digits only', () => {
    expect(toTsquery('peticion  licen')).toBe('peticion & licen:*');
    expect(toTsquery("o'brien & | !x")).toBe('o & brien & x:*');
    expect(toTsquery('-- %')).toBeNull();
  });

  it('matches Spanish word forms (stemming) and ignores stop words', async () => {
    const repository = await freshRepository();
    await applyFileEvent(repository, fileCreated({ code: 'A-1', description: 'Peticiones de licencias urbanísticas' }), 'E00000000');
    await applyFileEvent(repository, fileCreated({ code: 'B-2', processId: 'p2', description: 'Recurso de alzada' }), 'E00000000');
    const search = (q: string) => repository.search({ organisms: 'all', ...parseFileSearchQuery({ q }, 'UTC') });
    expect((await search('petición licencia')).items.map((i) => i.code)).toEqual(['A-1']);
    expect((await search('licencias de urbanisticas')).items.map((i) => i.code)).toEqual(['A-1']);
    expect((await search('alzada')).items.map((i) => i.code)).toEqual(['B-2']);
    expect((await search('de')).total).toBe(0);
  });
});

describe('the total of the unfiltered list (counts kept by migration 0008)', () => {
  it('follows inserts, re-deliveries, adoption of unowned rows and deletions, per organism, equal to counting the rows', async () => {
    const { db } = await freshDatabase();
    const repository = new PostgresFileSearchRepository(db);
    // Size 1: every page is full, so the total is read, not inferred from the page.
    const total = async (organisms: readonly string[] | 'all') => (await repository.search({ organisms, ...parseFileSearchQuery({ size: '1' }, 'UTC') })).total;
    const counted = async (organism: string) =>
      (await sql<{ n: number }>`select count(*)::int as n from file_view where organism = ${organism}`.execute(db)).rows[0]!.n;
    for (let i = 0; i < 5; i += 1) {
      await applyFileEvent(repository, fileCreated({ code: `A-${i}`, processId: `pa${i}`, organism: 'E00000001' }), 'E00000000');
    }
    for (let i = 0; i < 3; i += 1) {
      await applyFileEvent(repository, fileCreated({ code: `B-${i}`, processId: `pb${i}`, organism: 'E00000002' }), 'E00000000');
    }
    // The same snapshot again, and a newer one: rows updated, not added.
    await applyFileEvent(repository, fileCreated({ code: 'A-0', processId: 'pa0', organism: 'E00000001' }), 'E00000000');
    await applyFileEvent(repository, fileUpdated({ code: 'A-1', processId: 'pa1', organism: 'E00000001' }), 'E00000000');
    expect([await total(['E00000001']), await total(['E00000002']), await total(['E00000001', 'E00000002']), await total('all')]).toEqual([5, 3, 8, 8]);
    // Rows written before their organism was known, then adopted.
    await sql`insert into file_view (code, organism, process_id, initial_option_code, initial_option_name, description, created_at,
        created_by_username, created_by_display_name, updated_at, version, search)
      select 'U-' || g, null, 'pu' || g, 'SEDE', 'Sede', 'x', now(), 'u', 'U', now(), 1, to_tsvector('x') from generate_series(1, 4) g`.execute(db);
    expect([await total(['E00000002']), await total('all')]).toEqual([3, 12]);
    expect(await repository.adoptUnowned('E00000002')).toBe(4);
    await sql`delete from file_view where code in ('A-3', 'A-4', 'B-0')`.execute(db);
    expect([await total(['E00000001']), await total(['E00000002']), await total('all')]).toEqual([
      await counted('E00000001'),
      await counted('E00000002'),
      12 - 3,
    ]);
    expect(await total(['E00000001'])).toBe(3);
    expect(await total(['E00000009'])).toBe(0);
  });
});
