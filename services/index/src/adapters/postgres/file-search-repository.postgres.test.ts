import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, migrate, type Database } from '@tramita/platform';
import { messagingMigrations } from '@tramita/messaging';
import { parseFileSearchQuery } from '../../application/file-search-query.ts';
import { applyFileEvent } from '../../application/apply-file-event.ts';
import { fileSearchRepositoryContract } from '../../../test/file-search-repository.contract.ts';
import { fileCreated } from '../../../test/events.ts';
import { PostgresFileSearchRepository, toTsquery } from './file-search-repository.postgres.ts';
import { indexMigrations } from './migrations.ts';

const opened: Database<unknown>[] = [];

async function freshRepository() {
  const database = await openDatabase<unknown>({ kind: 'memory' });
  opened.push(database);
  await migrate(database.db, [messagingMigrations, indexMigrations]);
  return new PostgresFileSearchRepository(database.db);
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
