import { validationError } from '@tramita/kernel';
import { zonedTimeToInstant } from './zoned-time.ts';

/**
 * `plazo` sorts by the due instant of the maximum plazo (art. 21 Ley 39/2015), soonest first when
 * ascending; rows without a running or expired plazo (none known, suspended, closed) go last both ways.
 */
export const SORT_FIELDS = ['code', 'createdAt', 'updatedAt', 'phase', 'initialOption', 'description', 'plazo'] as const;
export type SortField = (typeof SORT_FIELDS)[number];
export type SortDirection = 'asc' | 'desc';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
export const MAX_PAGE = 100_000;
const MAX_TEXT_LENGTH = 200;
const MAX_LIST_ENTRIES = 50;

/** A validated list query, independent of HTTP and of the store that answers it. */
export interface FileSearchQuery {
  /** Only expedientes of these organisms (the caller's), or every one for a platform service (ADR 0013). */
  organisms: readonly string[] | 'all';
  /** 1-based. */
  page: number;
  size: number;
  sort: { field: SortField; direction: SortDirection };
  /** Free text on code and description. */
  text?: string;
  /** Phase codes (any of). */
  phases?: string[];
  /** Initial option codes (any of). */
  initialOptions?: string[];
  /** createdAt >= createdFrom. */
  createdFrom?: Date;
  /** createdAt < createdBefore (an inclusive `to` is turned into this exclusive bound). */
  createdBefore?: Date;
  /** Matches a filtered list counts exactly, at least (default TOTAL_TRACKED; see `countBound`). */
  trackTotalUpTo?: number;
}

/**
 * How many matches of a filtered list are counted exactly: past it the total is a lower bound
 * (`totalRelation: 'gte'`), as search engines track totals. Counting 300 000 matches of a broad
 * word costs hundreds of milliseconds at 1 M rows; counting 1 000 costs a few (ADR 0018).
 */
export const TOTAL_TRACKED = 1_000;

/** The query has no filter but the organisms: its total is kept, not counted (index migration 0008), so always exact. */
export const isUnfiltered = (query: FileSearchQuery): boolean =>
  !query.text && !query.phases && !query.initialOptions && !query.createdFrom && !query.createdBefore;

/**
 * Matches counted at most for a page of `query`: the tracked number, or up to the end of the
 * page asked for when that is further, so the page being read always lies inside the total.
 */
export const countBound = (query: FileSearchQuery): number => Math.max(query.trackTotalUpTo ?? TOTAL_TRACKED, query.page * query.size);

/** The query string as received (repeated parameters arrive as arrays). */
export interface FileSearchParams {
  page?: string | undefined;
  size?: string | undefined;
  sort?: string | undefined;
  q?: string | undefined;
  phase?: string | string[] | undefined;
  initialOption?: string | string[] | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

interface ParamError {
  path: string;
  message: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?$/i;

/**
 * Validates the list's query parameters. Dates without an offset are wall-clock times in
 * `timeZone`; a date-only `to` covers that whole day. Every bad parameter is reported at once
 * as a validation error whose `errors[].path` names it (`querystring.size`).
 */
export function parseFileSearchQuery(params: FileSearchParams, timeZone: string): Omit<FileSearchQuery, 'organisms'> {
  const errors: ParamError[] = [];
  const fail = (param: string, message: string) => void errors.push({ path: `querystring.${param}`, message });

  const page = integerParam(params.page, 1, 1, MAX_PAGE, 'page', fail);
  const size = integerParam(params.size, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE, 'size', fail);
  const sort = parseSort(params.sort, fail);
  const query: Omit<FileSearchQuery, 'organisms'> = { page, size, sort };

  // Control characters (NUL above all, which PostgreSQL text refuses) are just separators here.
  const text = params.q?.replace(/\p{Cc}/gu, ' ').trim();
  if (text) {
    if (text.length > MAX_TEXT_LENGTH) fail('q', `must be at most ${MAX_TEXT_LENGTH} characters`);
    else query.text = text;
  }
  const phases = listParam(params.phase, 'phase', fail);
  if (phases) query.phases = phases;
  const initialOptions = listParam(params.initialOption, 'initialOption', fail);
  if (initialOptions) query.initialOptions = initialOptions;

  const from = params.from === undefined ? undefined : parseInstant(params.from, timeZone, 'start');
  if (from === null) fail('from', 'must be a date (YYYY-MM-DD) or a date-time (YYYY-MM-DDTHH:mm[:ss[.sss]][Z|±hh:mm])');
  else if (from) query.createdFrom = from;
  const to = params.to === undefined ? undefined : parseInstant(params.to, timeZone, 'end');
  if (to === null) fail('to', 'must be a date (YYYY-MM-DD) or a date-time (YYYY-MM-DDTHH:mm[:ss[.sss]][Z|±hh:mm])');
  else if (to) query.createdBefore = to;
  if (query.createdFrom && query.createdBefore && query.createdFrom >= query.createdBefore) {
    fail('from', 'must not be later than "to"');
  }

  if (errors.length > 0) {
    const names = [...new Set(errors.map((e) => e.path.replace('querystring.', '')))];
    throw validationError('invalid-query', `Invalid query parameter${names.length > 1 ? 's' : ''}: ${names.join(', ')}.`, { errors });
  }
  return query;
}

function integerParam(
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
  name: string,
  fail: (param: string, message: string) => void,
): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = /^\d{1,9}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    fail(name, `must be an integer from ${min} to ${max}`);
    return fallback;
  }
  return value;
}

function parseSort(raw: string | undefined, fail: (param: string, message: string) => void): FileSearchQuery['sort'] {
  const fallback: FileSearchQuery['sort'] = { field: 'createdAt', direction: 'desc' };
  if (raw === undefined || raw.trim() === '') return fallback;
  const text = raw.trim();
  let field: string;
  let direction: SortDirection = 'asc';
  const pair = /^([^,]+),\s*(asc|desc)$/i.exec(text);
  if (pair) {
    field = pair[1]!.trim();
    direction = pair[2]!.toLowerCase() as SortDirection;
  } else if (text.startsWith('-')) {
    field = text.slice(1);
    direction = 'desc';
  } else {
    field = text.startsWith('+') ? text.slice(1) : text;
  }
  if (!(SORT_FIELDS as readonly string[]).includes(field)) {
    fail('sort', `must be one of ${SORT_FIELDS.join(', ')}, as "field", "-field" or "field,asc|desc"`);
    return fallback;
  }
  return { field: field as SortField, direction };
}

function listParam(raw: string | string[] | undefined, name: string, fail: (param: string, message: string) => void): string[] | undefined {
  if (raw === undefined) return undefined;
  const values = (Array.isArray(raw) ? raw : [raw])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  if (values.length === 0) return undefined;
  if (values.length > MAX_LIST_ENTRIES) {
    fail(name, `accepts at most ${MAX_LIST_ENTRIES} codes`);
    return undefined;
  }
  if (values.some((v) => v.length > 100 || /\p{Cc}/u.test(v))) {
    fail(name, 'codes must be at most 100 characters, without control characters');
    return undefined;
  }
  return [...new Set(values)];
}

/**
 * An instant from a date or date-time. For `edge: 'end'` a date means "up to the end of that
 * day" and yields the next day's start (exclusive); a date-time yields one millisecond after
 * it, so the bound stays inclusive. Returns null when the text is not a valid date.
 */
function parseInstant(raw: string, timeZone: string, edge: 'start' | 'end'): Date | null {
  const text = raw.trim();
  const dateOnly = DATE.exec(text);
  if (dateOnly) {
    const [year, month, day] = [Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3])];
    if (!isRealDate(year, month, day)) return null;
    return zonedTimeToInstant({ year, month, day: edge === 'end' ? day + 1 : day, hour: 0, minute: 0, second: 0, millisecond: 0 }, timeZone);
  }
  const m = DATE_TIME.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])];
  const second = Number(m[6] ?? 0);
  const millisecond = Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3));
  if (!isRealDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return null;
  const zone = m[8];
  let at: Date;
  if (zone === undefined) {
    at = zonedTimeToInstant({ year, month, day, hour, minute, second, millisecond }, timeZone);
  } else {
    const offsetMinutes = zone.toUpperCase() === 'Z' ? 0 : offsetOf(zone);
    if (offsetMinutes === null) return null;
    at = new Date(Date.UTC(year, month - 1, day, hour, minute, second, millisecond) - offsetMinutes * 60_000);
  }
  return edge === 'end' ? new Date(at.getTime() + 1) : at;
}

function offsetOf(zone: string): number | null {
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (hours > 14 || minutes > 59) return null;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

function isRealDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return year >= 1 && d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}
