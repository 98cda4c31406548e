/** The list's state (page, sort, filters, search) as it lives in the URL, so a view is bookmarkable. */

/** `plazo` sorts by the due instant of the maximum plazo to resolve and notify (ADR 0016). */
export const SORT_FIELDS = ['code', 'createdAt', 'updatedAt', 'phase', 'plazo', 'initialOption', 'description'] as const;
export type SortField = (typeof SORT_FIELDS)[number];
export const PAGE_SIZES = [10, 20, 50, 100] as const;
export const DEFAULT_SIZE = 20;
export const DEFAULT_SORT = '-createdAt';

export interface ListState {
  page: number;
  size: number;
  /** "field" ascending or "-field" descending. */
  sort: string;
  q: string;
  phase: string;
  initialOption: string;
  /** YYYY-MM-DD or empty. */
  from: string;
  to: string;
}

export const DEFAULT_STATE: ListState = { page: 1, size: DEFAULT_SIZE, sort: DEFAULT_SORT, q: '', phase: '', initialOption: '', from: '', to: '' };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function positiveInt(value: string | null, fallback: number): number {
  if (value === null || !/^\d+$/.test(value)) return fallback;
  const n = Number(value);
  return n >= 1 ? n : fallback;
}

export function parseSort(sort: string): { field: SortField; descending: boolean } | null {
  const descending = sort.startsWith('-');
  const field = descending ? sort.slice(1) : sort;
  return (SORT_FIELDS as readonly string[]).includes(field) ? { field: field as SortField, descending } : null;
}

/** Reads the state from the URL; anything invalid falls back to its default. */
export function stateFromSearch(params: URLSearchParams): ListState {
  const size = positiveInt(params.get('size'), DEFAULT_SIZE);
  const sort = params.get('sort') ?? DEFAULT_SORT;
  const date = (key: string) => {
    const value = params.get(key) ?? '';
    return DATE.test(value) ? value : '';
  };
  return {
    page: positiveInt(params.get('page'), 1),
    size: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_SIZE,
    sort: parseSort(sort) ? sort : DEFAULT_SORT,
    q: (params.get('q') ?? '').slice(0, 200),
    phase: params.get('phase') ?? '',
    initialOption: params.get('initialOption') ?? '',
    from: date('from'),
    to: date('to'),
  };
}

/** The URL's query for a state: only what differs from the defaults, in a stable order. */
export function searchFromState(state: ListState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.q.trim()) params.set('q', state.q.trim());
  if (state.phase) params.set('phase', state.phase);
  if (state.initialOption) params.set('initialOption', state.initialOption);
  if (state.from) params.set('from', state.from);
  if (state.to) params.set('to', state.to);
  if (state.sort !== DEFAULT_SORT) params.set('sort', state.sort);
  if (state.size !== DEFAULT_SIZE) params.set('size', String(state.size));
  if (state.page !== 1) params.set('page', String(state.page));
  return params;
}

/** The API query (`GET /api/files?…`) for a state. */
export function apiQuery(state: ListState): string {
  const params = searchFromState(state);
  params.set('page', String(state.page));
  params.set('size', String(state.size));
  params.set('sort', state.sort);
  return params.toString();
}

/** Clicking a column: ascending first, then descending; a new column starts ascending. Back to page 1. */
export function toggleSort(state: ListState, field: SortField): ListState {
  const current = parseSort(state.sort);
  const sort = current?.field === field && !current.descending ? `-${field}` : field;
  return { ...state, sort, page: 1 };
}

/** New filters always start at page 1. */
export function withFilters(state: ListState, filters: Partial<Pick<ListState, 'q' | 'phase' | 'initialOption' | 'from' | 'to' | 'size'>>): ListState {
  return { ...state, ...filters, page: 1 };
}

export function pageCount(total: number, size: number): number {
  return Math.max(1, Math.ceil(total / size));
}

/** 1-based range shown on a page: "21–40 of 45". */
export function pageRange(page: number, size: number, total: number): { first: number; last: number } {
  if (total === 0) return { first: 0, last: 0 };
  const first = (page - 1) * size + 1;
  return { first: Math.min(first, total), last: Math.min(page * size, total) };
}

/** Whether the date range is backwards (the form says so before asking the server). */
export function rangeIsInvalid(from: string, to: string): boolean {
  return from !== '' && to !== '' && from > to;
}
