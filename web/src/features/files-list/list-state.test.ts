import { describe, expect, it } from 'vitest';
import {
  DEFAULT_STATE,
  apiQuery,
  pageCount,
  pageRange,
  parseSort,
  rangeIsInvalid,
  searchFromState,
  stateFromSearch,
  toggleSort,
  withFilters,
} from './list-state.ts';

describe('the list state in the URL', () => {
  it('reads every filter, the sort and the page from the query', () => {
    const state = stateFromSearch(new URLSearchParams('q=obra&phase=INICIAL&initialOption=SEDE&from=2026-01-01&to=2026-01-31&sort=code&size=50&page=3'));
    expect(state).toEqual({ q: 'obra', phase: 'INICIAL', initialOption: 'SEDE', from: '2026-01-01', to: '2026-01-31', sort: 'code', size: 50, page: 3 });
  });

  it('falls back to defaults for anything invalid', () => {
    expect(stateFromSearch(new URLSearchParams('page=0&size=7&sort=password&from=ayer&to=2026-13'))).toEqual(DEFAULT_STATE);
    expect(stateFromSearch(new URLSearchParams('page=-2&size=abc'))).toMatchObject({ page: 1, size: 20 });
  });

  it('writes only what differs from the defaults, so the default view is a clean URL', () => {
    expect(searchFromState(DEFAULT_STATE).toString()).toBe('');
    const state = { ...DEFAULT_STATE, q: '  licencia ', page: 2, sort: '-code' };
    expect(searchFromState(state).toString()).toBe('q=licencia&sort=-code&page=2');
  });

  it('round-trips: what is written is read back the same', () => {
    const state = { q: 'x', phase: 'VALIDADO', initialOption: 'SEDE', from: '2026-02-01', to: '2026-02-02', sort: '-phase', size: 10, page: 4 };
    expect(stateFromSearch(searchFromState(state))).toEqual(state);
  });

  it('always sends page, size and sort to the API', () => {
    expect(apiQuery(DEFAULT_STATE)).toBe('page=1&size=20&sort=-createdAt');
    expect(apiQuery({ ...DEFAULT_STATE, phase: 'INICIAL' })).toBe('phase=INICIAL&page=1&size=20&sort=-createdAt');
  });

  it('sorts a new column ascending, then descending, and goes back to page 1', () => {
    const first = toggleSort({ ...DEFAULT_STATE, page: 3 }, 'code');
    expect(first).toMatchObject({ sort: 'code', page: 1 });
    expect(toggleSort(first, 'code').sort).toBe('-code');
    expect(toggleSort(toggleSort(first, 'code'), 'code').sort).toBe('code');
    expect(parseSort('-createdAt')).toEqual({ field: 'createdAt', descending: true });
    expect(parseSort('secret')).toBeNull();
  });

  it('starts new filters at page 1', () => {
    expect(withFilters({ ...DEFAULT_STATE, page: 5 }, { q: 'nuevo' })).toMatchObject({ q: 'nuevo', page: 1 });
  });

  it('counts pages and the range shown', () => {
    expect(pageCount(0, 20)).toBe(1);
    expect(pageCount(45, 20)).toBe(3);
    expect(pageRange(3, 20, 45)).toEqual({ first: 41, last: 45 });
    expect(pageRange(1, 20, 0)).toEqual({ first: 0, last: 0 });
  });

  it('spots a backwards date range', () => {
    expect(rangeIsInvalid('2026-02-01', '2026-01-01')).toBe(true);
    expect(rangeIsInvalid('2026-01-01', '2026-01-01')).toBe(false);
    expect(rangeIsInvalid('', '2026-01-01')).toBe(false);
  });
});
