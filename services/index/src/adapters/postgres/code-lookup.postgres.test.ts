import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompiledQuery, sql, type QueryId, type RootOperationNode } from 'kysely';
import { openDatabase, migrate, type Database } from '@tramita/platform';
import { messagingMigrations } from '@tramita/messaging';
import { parseFileSearchQuery } from '../../application/file-search-query.ts';
import { applyFileEvent } from '../../application/apply-file-event.ts';
import { fileCreated } from '../../../test/events.ts';
import { PostgresFileSearchRepository, selectiveWord, toTsquery } from './file-search-repository.postgres.ts';
import { indexMigrations } from './migrations.ts';

const ORGANISM = 'E00000000';

/** Codes and descriptions where a code-looking term has more than one way to match (ADR 0018). */
const FILES: [code: string, description: string][] = [
  ['EXP-2024-0007', 'Licencia de obra menor'],
  ['EXP-2024-00070', 'Licencia de obra mayor'],
  ['exp-2024-0008', 'Recurso de alzada'],
  ['EXP-2024-0009-B', 'Cambio de titularidad'],
  ['AÑO-2023-0007', 'Árbol caído en vía pública'],
  ['SUB-2025-0001', 'Subvención citada en EXP 2024 0007'],
  ['SUB-2025-0002', 'Ayuda 0007bis de emergencia'],
  ['OBR/2022/15', 'Obra 2022 en la calle 15'],
  ['Ñandú-99', 'Recurso número 99'],
];

/** Terms over codes, partial codes, accents and case, each compared with the plain condition. */
const TERMS = [
  'EXP-2024-0007',
  'exp-2024-0007',
  'Exp-2024-000',
  'exp-2024-00',
  '2024-0007',
  '0007',
  'EXP 2024 0007',
  'exp-2024-0009',
  '0009-b',
  'AÑO-2023-0007',
  'año-2023',
  'ano-2023-0007',
  'SUB-2025',
  'OBR/2022/15',
  'obr/2022',
  'ñandú-99',
  'nandu-99',
  'EXP-2099-0001',
  'licencia',
  '%-0007',
];

let database: Database<unknown>;
let repository: PostgresFileSearchRepository;
const captured: { node: RootOperationNode; queryId: QueryId }[] = [];

beforeAll(async () => {
  database = await openDatabase<unknown>({ kind: 'memory' });
  await migrate(database.db, [messagingMigrations, indexMigrations]);
  // The repository runs over a plugin that keeps each query, so a test can EXPLAIN the SQL it built.
  const spying = database.db.withPlugin({
    transformQuery: (args) => {
      captured.push({ node: args.node, queryId: args.queryId });
      return args.node;
    },
    transformResult: (args) => Promise.resolve(args.result),
  });
  repository = new PostgresFileSearchRepository(spying);
  for (const [n, [code, description]] of FILES.entries()) {
    await applyFileEvent(repository, fileCreated({ code, processId: `proc-${n}`, description }), ORGANISM);
  }
});

afterAll(async () => {
  await database.close();
});

/** The codes the text condition matched before ADR 0018, as it was written then, in code order. */
async function plainMatches(text: string): Promise<string[]> {
  const codeMatch = sql`lower(f.code) like ${`%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`;
  const tsquery = toTsquery(text);
  const condition = tsquery ? sql`(f.search @@ to_tsquery('spanish', unaccent(${tsquery}::text)) or ${codeMatch})` : codeMatch;
  const result = await sql<{ code: string }>`select f.code from file_view f where ${condition} order by f.code collate "C"`.execute(database.db);
  return result.rows.map((row) => row.code);
}

const search = (q: string, sort = 'code') => repository.search({ organisms: [ORGANISM], ...parseFileSearchQuery({ q, sort, size: '100' }, 'UTC') });

describe('code lookup on PostgreSQL (PGlite)', () => {
  it('picks the last word with a digit of a code-looking term, and nothing for other text', () => {
    expect(selectiveWord('EXP-2024-0007')).toEqual({ word: '0007', last: true });
    expect(selectiveWord('EXP-2024-0009-B')).toEqual({ word: '0009', last: false });
    expect(selectiveWord('OBR/2022/15')).toEqual({ word: '2022', last: false });
    expect(selectiveWord('0007')).toBeNull();
    expect(selectiveWord('EXP 2024 0007')).toBeNull();
    expect(selectiveWord('licencia')).toBeNull();
    expect(selectiveWord('A-12')).toBeNull();
  });

  it('finds exactly the expedientes the plain condition finds, for codes, partial codes, accents and case', async () => {
    for (const term of TERMS) {
      const expected = await plainMatches(term);
      const found = await search(term);
      expect({ term, codes: found.items.map((item) => item.code), total: found.total }).toEqual({ term, codes: expected, total: expected.length });
    }
    // The comparison would be empty if every term found nothing: these prove it covers real matches.
    expect(await plainMatches('EXP-2024-0007')).toEqual(['EXP-2024-0007', 'EXP-2024-00070', 'SUB-2025-0001']);
    expect(await plainMatches('AÑO-2023-0007')).toEqual(['AÑO-2023-0007']);
    expect(await plainMatches('ano-2023-0007')).toEqual([]);
  });

  it('looks a code up through the trigram and full-text indexes on its running number', async () => {
    captured.length = 0;
    // Every organism: with one organism the planner may as well start from the (organism, code) index on so few rows.
    await repository.search({ organisms: 'all', ...parseFileSearchQuery({ q: 'EXP-2024-0007' }, 'UTC') });
    const page = captured.find(({ node, queryId }) => compiled(node, queryId).sql.includes('limit'));
    expect(page).toBeDefined();
    const query = compiled(page!.node, page!.queryId);
    // A handful of rows would be read sequentially; the behaviour shown is that the indexes can serve the query.
    await sql`set enable_seqscan = off`.execute(database.db);
    try {
      const plan = await database.db.executeQuery<Record<string, string>>(CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]));
      const text = plan.rows.map((row) => Object.values(row)[0]).join('\n');
      expect(text).toContain('Bitmap Index Scan on file_view_code_trgm');
      expect(text).toContain("Index Cond: (lower(code) ~~ '%0007%'::text)");
      expect(text).toContain('Bitmap Index Scan on file_view_search');
      expect(text).toContain("unaccent('0007:*'::text)");
    } finally {
      await sql`reset enable_seqscan`.execute(database.db);
    }
  });

  it('counts only when the page is full or past the end', async () => {
    captured.length = 0;
    expect((await search('EXP-2024-0007')).total).toBe(3);
    expect(captured.map(({ node, queryId }) => compiled(node, queryId).sql).filter((text) => text.includes('count(*)'))).toEqual([]);
    const past = await repository.search({ organisms: [ORGANISM], ...parseFileSearchQuery({ q: 'EXP-2024-0007', page: '3', size: '2' }, 'UTC') });
    expect(past).toMatchObject({ items: [], total: 3 });
    const second = await repository.search({ organisms: [ORGANISM], ...parseFileSearchQuery({ q: 'EXP-2024-0007', page: '2', size: '2' }, 'UTC') });
    expect(second).toMatchObject({ total: 3 });
    expect(second.items).toHaveLength(1);
  });

  it('keeps the GIN indexes without a pending list, which embedded PGlite would never merge', async () => {
    const result = await sql<{ relname: string; reloptions: string[] | null }>`select relname, reloptions from pg_class
      where relname in ('file_view_search', 'file_view_code_trgm') order by relname`.execute(database.db);
    expect(result.rows).toEqual([
      { relname: 'file_view_code_trgm', reloptions: ['fastupdate=off'] },
      { relname: 'file_view_search', reloptions: ['fastupdate=off'] },
    ]);
  });
});

function compiled(node: RootOperationNode, queryId: QueryId) {
  return database.db.getExecutor().compileQuery(node, queryId);
}
