import { describe, expect, it } from 'vitest';
import { isDomainError } from '@tramita/kernel';
import { parseFileSearchQuery, type FileSearchParams } from './file-search-query.ts';

const MADRID = 'Europe/Madrid';
const parse = (params: FileSearchParams, timeZone = MADRID) => parseFileSearchQuery(params, timeZone);

/** The params named by the validation error `params` raise. */
function badParams(params: FileSearchParams): string[] {
  try {
    parse(params);
  } catch (error) {
    if (!isDomainError(error) || error.category !== 'validation') throw error;
    return (error.details?.errors as { path: string }[]).map((e) => e.path);
  }
  throw new Error('expected a validation error');
}

describe('list query parameters', () => {
  it('defaults to the first page of 20, newest first', () => {
    expect(parse({})).toEqual({ page: 1, size: 20, sort: { field: 'createdAt', direction: 'desc' } });
  });

  it('reads page and size', () => {
    expect(parse({ page: '3', size: '100' })).toMatchObject({ page: 3, size: 100 });
  });

  it.each(['0', '1000', '-1', 'abc', '2.5'])('rejects size=%s naming the parameter', (size) => {
    expect(badParams({ size })).toEqual(['querystring.size']);
  });

  it('rejects page 0', () => {
    expect(badParams({ page: '0' })).toEqual(['querystring.page']);
  });

  it.each([
    ['code', { field: 'code', direction: 'asc' }],
    ['+code', { field: 'code', direction: 'asc' }],
    ['-updatedAt', { field: 'updatedAt', direction: 'desc' }],
    ['phase,desc', { field: 'phase', direction: 'desc' }],
    ['initialOption,ASC', { field: 'initialOption', direction: 'asc' }],
    ['description', { field: 'description', direction: 'asc' }],
    ['plazo', { field: 'plazo', direction: 'asc' }],
    ['-plazo', { field: 'plazo', direction: 'desc' }],
    ['plazo,desc', { field: 'plazo', direction: 'desc' }],
  ])('reads sort=%s', (sort, expected) => {
    expect(parse({ sort }).sort).toEqual(expected);
  });

  it.each(['password', '-processId', 'code,sideways', 'plazos', 'dueAt'])('rejects sort=%s', (sort) => {
    expect(badParams({ sort })).toEqual(['querystring.sort']);
  });

  it('trims the free text and drops it when blank', () => {
    expect(parse({ q: '  peticion  ' }).text).toBe('peticion');
    expect(parse({ q: '   ' }).text).toBeUndefined();
    expect(badParams({ q: 'x'.repeat(201) })).toEqual(['querystring.q']);
    expect(parse({ q: 'licencia\u0000obras\n' }).text).toBe('licencia obras');
  });

  it('reads phase and initial option lists, comma-separated or repeated', () => {
    const query = parse({ phase: 'INICIO, ANALISIS,,INICIO', initialOption: ['SEDE', 'DEPT,REG'] });
    expect(query.phases).toEqual(['INICIO', 'ANALISIS']);
    expect(query.initialOptions).toEqual(['SEDE', 'DEPT', 'REG']);
    expect(parse({ phase: ' , ' }).phases).toBeUndefined();
    expect(badParams({ phase: Array.from({ length: 51 }, (_, i) => `P${i}`).join(',') })).toEqual(['querystring.phase']);
    expect(badParams({ initialOption: 'x'.repeat(101) })).toEqual(['querystring.initialOption']);
    expect(badParams({ phase: 'INICIO\u0000' })).toEqual(['querystring.phase']);
  });

  it('reads dates as whole days in Europe/Madrid, "to" inclusive of its day', () => {
    const winter = parse({ from: '2024-01-15', to: '2024-01-15' });
    expect(winter.createdFrom?.toISOString()).toBe('2024-01-14T23:00:00.000Z');
    expect(winter.createdBefore?.toISOString()).toBe('2024-01-15T23:00:00.000Z');
    const summer = parse({ from: '2024-07-01', to: '2024-07-31' });
    expect(summer.createdFrom?.toISOString()).toBe('2024-06-30T22:00:00.000Z');
    expect(summer.createdBefore?.toISOString()).toBe('2024-07-31T22:00:00.000Z');
  });

  it('handles the days daylight saving time starts and ends', () => {
    expect(parse({ from: '2024-03-31' }).createdFrom?.toISOString()).toBe('2024-03-30T23:00:00.000Z');
    expect(parse({ to: '2024-03-31' }).createdBefore?.toISOString()).toBe('2024-03-31T22:00:00.000Z');
    expect(parse({ to: '2024-10-27' }).createdBefore?.toISOString()).toBe('2024-10-27T23:00:00.000Z');
  });

  it('reads dates in another configured time zone', () => {
    expect(parse({ from: '2024-01-15' }, 'UTC').createdFrom?.toISOString()).toBe('2024-01-15T00:00:00.000Z');
  });

  it('reads date-times with an offset exactly, and without one in the time zone', () => {
    expect(parse({ from: '2024-01-15T10:30:00Z' }).createdFrom?.toISOString()).toBe('2024-01-15T10:30:00.000Z');
    expect(parse({ from: '2024-01-15T10:30:00.25+02:00' }).createdFrom?.toISOString()).toBe('2024-01-15T08:30:00.250Z');
    expect(parse({ from: '2024-01-15T10:30' }).createdFrom?.toISOString()).toBe('2024-01-15T09:30:00.000Z');
    // An inclusive date-time `to` becomes an exclusive bound one millisecond later.
    expect(parse({ to: '2024-01-15T10:30:00Z' }).createdBefore?.toISOString()).toBe('2024-01-15T10:30:00.001Z');
  });

  it.each(['2024-02-30', '15/01/2024', '2024-13-01', '2024-01-15T25:00', '2024-01-15T10:00+15:00', 'ayer'])('rejects from=%s', (from) => {
    expect(badParams({ from })).toEqual(['querystring.from']);
  });

  it('rejects a bad "to"', () => {
    expect(badParams({ to: 'mañana' })).toEqual(['querystring.to']);
  });

  it('rejects "from" later than "to" but accepts the same day', () => {
    expect(badParams({ from: '2024-05-02', to: '2024-05-01' })).toEqual(['querystring.from']);
    expect(() => parse({ from: '2024-05-01', to: '2024-05-01' })).not.toThrow();
  });

  it('names every bad parameter at once', () => {
    expect(badParams({ size: '0', sort: 'nope', from: 'x' })).toEqual(['querystring.size', 'querystring.sort', 'querystring.from']);
  });
});
