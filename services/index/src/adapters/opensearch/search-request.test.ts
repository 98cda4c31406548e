import { describe, expect, it } from 'vitest';
import {
  MAX_PAGE,
  MAX_PAGE_SIZE,
  parseFileSearchQuery,
  TOTAL_TRACKED,
  type FileSearchParams,
  type FileSearchQuery,
} from '../../application/file-search-query.ts';
import { INDEX_DEFINITIONS } from './indices.ts';
import { codeContains, escapeWildcard, listSearchBody, sortOf, textQuery, textWords } from './search-request.ts';

const queryOf = (params: FileSearchParams, organisms: FileSearchQuery['organisms'] = ['E00000000']): FileSearchQuery => ({
  ...parseFileSearchQuery(params, 'Europe/Madrid'),
  organisms,
});

describe('the OpenSearch list search', () => {
  it('pages with from and size, and reads only the stored row', () => {
    const body = listSearchBody(queryOf({ page: '3', size: '25' }));
    expect(body).toMatchObject({ from: 50, size: 25, _source: ['item'] });
  });

  it('counts every match without a filter but the organisms, and up to the bound (or the end of the page) with one', () => {
    expect(listSearchBody(queryOf({})).track_total_hits).toBe(true);
    expect(listSearchBody(queryOf({}, 'all')).track_total_hits).toBe(true);
    expect(listSearchBody(queryOf({ q: 'licencia' })).track_total_hits).toBe(TOTAL_TRACKED);
    expect(listSearchBody(queryOf({ phase: 'INICIO', page: '80', size: '20' })).track_total_hits).toBe(1_600);
    expect(listSearchBody({ ...queryOf({ initialOption: 'SEDE', size: '2' }), trackTotalUpTo: 4 }).track_total_hits).toBe(4);
  });

  it("filters by the caller's organisms (none listed: nothing matches), and by nothing for a platform service", () => {
    expect(listSearchBody(queryOf({}, ['E00000000', 'A01002820'])).query.bool.filter).toEqual([{ terms: { organism: ['E00000000', 'A01002820'] } }]);
    expect(listSearchBody(queryOf({}, [])).query.bool.filter).toEqual([{ terms: { organism: [] } }]);
    expect(listSearchBody(queryOf({}, 'all')).query.bool.filter).toEqual([]);
  });

  it('filters by phases, initial options and a creation range with an exclusive end', () => {
    const filters = listSearchBody(queryOf({ phase: 'INICIO,ANALISIS', initialOption: 'SEDE', from: '2024-03-05', to: '2024-03-09' }, 'all')).query.bool.filter;
    expect(filters).toEqual([
      { terms: { phaseCode: ['INICIO', 'ANALISIS'] } },
      { terms: { initialOptionCode: ['SEDE'] } },
      // Madrid's midnight of the 5th, and of the 10th (the 9th is included whole).
      { range: { createdAt: { gte: '2024-03-04T23:00:00.000Z', lt: '2024-03-09T23:00:00.000Z' } } },
    ]);
    expect(listSearchBody(queryOf({ from: '2024-03-05T10:00:00Z' }, 'all')).query.bool.filter).toEqual([
      { range: { createdAt: { gte: '2024-03-05T10:00:00.000Z' } } },
    ]);
  });

  it('matches every word (the last as a prefix) or the whole text inside the code', () => {
    expect(textQuery('Petición  licen')).toEqual({
      bool: {
        should: [
          { match_bool_prefix: { text: { query: 'Petición licen', operator: 'and' } } },
          { wildcard: { 'code.substring': { value: '*petición  licen*' } } },
        ],
        minimum_should_match: 1,
      },
    });
    // No letters or digits: only the code, every character literal.
    expect(textQuery('*?')).toEqual({ wildcard: { 'code.substring': { value: '*\\*\\?*' } } });
    expect(textQuery('%_')).toEqual({ wildcard: { 'code.substring': { value: '*%_*' } } });
  });

  it('looks a text with a backslash up in the plain code, ignoring case', () => {
    expect(codeContains('raro\\')).toEqual({ wildcard: { code: { value: '*raro\\\\*', case_insensitive: true } } });
  });

  it('splits words as the PostgreSQL tsquery does: letters and digits, at most 16', () => {
    expect(textWords("o'brien & | !x")).toEqual(['o', 'brien', 'x']);
    expect(textWords('EXP-2024-0007')).toEqual(['EXP', '2024', '0007']);
    expect(textWords('-- %')).toEqual([]);
    expect(textWords(Array.from({ length: 20 }, (_, i) => `w${i}`).join(' '))).toHaveLength(16);
    expect(escapeWildcard('a*b?c\\d')).toBe('a\\*b\\?c\\\\d');
  });

  it('sorts as the PostgreSQL store orders: ties by code then organism, nulls last except on never-null fields', () => {
    expect(sortOf('code', 'desc')).toEqual([{ code: { order: 'desc' } }, { organism: { order: 'desc' } }]);
    expect(sortOf('createdAt', 'asc')).toEqual([{ createdAt: { order: 'asc' } }, { code: { order: 'asc' } }, { organism: { order: 'asc' } }]);
    for (const [field, key] of [
      ['updatedAt', 'updatedAt'],
      ['phase', 'phaseSort'],
      ['initialOption', 'initialOptionSort'],
      ['description', 'descriptionSort'],
      ['plazo', 'plazoDue'],
    ] as const) {
      expect(sortOf(field, 'desc')).toEqual([{ [key]: { order: 'desc', missing: '_last' } }, { code: { order: 'asc' } }, { organism: { order: 'asc' } }]);
    }
  });

  it('sorts and filters only by fields the list index maps, and accepts the deepest page', () => {
    const mapped = INDEX_DEFINITIONS.list.mappings.properties;
    for (const field of ['code', 'createdAt', 'updatedAt', 'phase', 'initialOption', 'description', 'plazo'] as const) {
      for (const clause of sortOf(field, 'asc')) expect(Object.keys(mapped)).toContain(Object.keys(clause)[0]);
    }
    expect(INDEX_DEFINITIONS.list.settings.max_result_window).toBeGreaterThanOrEqual(MAX_PAGE * MAX_PAGE_SIZE);
  });
});
