import { countBound, isUnfiltered, type FileSearchQuery, type SortField } from '../../application/file-search-query.ts';

type Direction = 'asc' | 'desc';
type SortClause = Record<string, { order: Direction; missing?: '_last' }>;

/** The body of `POST <list>/_search` for one page of the list. */
export interface ListSearchBody {
  from: number;
  size: number;
  /** true: count every match; a number: count that many exactly, report more as `gte`. */
  track_total_hits: true | number;
  query: { bool: { filter: unknown[] } };
  sort: SortClause[];
  _source: ['item'];
}

/** The list document's field each sort reads (see ListDocument). */
const SORT_FIELDS: Record<SortField, string> = {
  code: 'code',
  createdAt: 'createdAt',
  updatedAt: 'updatedAt',
  phase: 'phaseSort',
  initialOption: 'initialOptionSort',
  description: 'descriptionSort',
  plazo: 'plazoDue',
};

/**
 * The search for a page of `query`, with the PostgreSQL store's semantics: the same filters, the
 * same order (ties by code then organism) and totals counted up to `countBound` (exact without a
 * filter but the organisms).
 */
export function listSearchBody(query: FileSearchQuery): ListSearchBody {
  return {
    from: (query.page - 1) * query.size,
    size: query.size,
    track_total_hits: isUnfiltered(query) ? true : countBound(query),
    query: { bool: { filter: filtersOf(query) } },
    sort: sortOf(query.sort.field, query.sort.direction),
    _source: ['item'],
  };
}

export function filtersOf(query: FileSearchQuery): unknown[] {
  // Another organism's expedientes are never read, counted or paged (ADR 0013); none listed, none match.
  const filters: unknown[] = query.organisms === 'all' ? [] : [{ terms: { organism: [...query.organisms] } }];
  if (query.text) filters.push(textQuery(query.text));
  if (query.phases) filters.push({ terms: { phaseCode: query.phases } });
  if (query.initialOptions) filters.push({ terms: { initialOptionCode: query.initialOptions } });
  if (query.createdFrom || query.createdBefore) {
    filters.push({
      range: {
        createdAt: {
          ...(query.createdFrom ? { gte: query.createdFrom.toISOString() } : {}),
          ...(query.createdBefore ? { lt: query.createdBefore.toISOString() } : {}),
        },
      },
    });
  }
  return filters;
}

/**
 * The order of the PostgreSQL store's `orderClause`: code and creation date (never null) break
 * ties by code and organism in the same direction; the others go nulls last either way, ties by
 * code and organism ascending. `plazo` is its two-part order in one: rows with something due in
 * due order, then the rest (missing) by code.
 */
export function sortOf(field: SortField, direction: Direction): SortClause[] {
  if (field === 'code') return [{ code: { order: direction } }, { organism: { order: direction } }];
  if (field === 'createdAt') return [{ createdAt: { order: direction } }, { code: { order: direction } }, { organism: { order: direction } }];
  return [{ [SORT_FIELDS[field]]: { order: direction, missing: '_last' } }, { code: { order: 'asc' } }, { organism: { order: 'asc' } }];
}

/**
 * Free text as the PostgreSQL store reads it: every word must match the Spanish words of the code
 * and description, the last one as a prefix (`match_bool_prefix` stems each word as the index
 * does, then takes the last as a prefix, as `to_tsquery('spanish', 'peticion & licen:*')`), or the
 * whole text occurs inside the code, ignoring case (`lower(code) like %text%`, every character
 * literal).
 */
export function textQuery(text: string): unknown {
  const inCode = codeContains(text.toLowerCase());
  const words = textWords(text);
  if (words.length === 0) return inCode;
  return { bool: { should: [{ match_bool_prefix: { text: { query: words.join(' '), operator: 'and' } } }, inCode], minimum_should_match: 1 } };
}

/**
 * Codes containing the (lower-cased) text, from the n-gram indexed `code.substring`. OpenSearch
 * 2.19's wildcard field misses a literal backslash right before the final `*` (`*o\\*` finds
 * nothing), so a text with a backslash is matched against the plain keyword instead, ignoring case
 * there (a scan of the codes: such a search is rare).
 */
export function codeContains(lowered: string): unknown {
  const value = `*${escapeWildcard(lowered)}*`;
  return lowered.includes('\\') ? { wildcard: { code: { value, case_insensitive: true } } } : { wildcard: { 'code.substring': { value } } };
}

/** The words of the text as the PostgreSQL store's tsquery takes them: runs of letters and digits, at most 16. */
export const textWords = (text: string): string[] =>
  text
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 16);

/** The text as a literal inside a wildcard pattern (`*`, `?` and `\` escaped). */
export const escapeWildcard = (text: string): string => text.replace(/[\\*?]/g, (c) => `\\${c}`);
