import { Temporal } from 'temporal-polyfill';

import { failure, success, type Outcome } from '../outcome.ts';
import type { BulletinSource, CalendarDataset, CalendarDay, CalendarLevel } from '../types.ts';

const LEVELS: readonly CalendarLevel[] = ['NATIONAL', 'REGIONAL', 'LOCAL'];
const STATUSES: readonly CalendarDataset['status'][] = ['DRAFT', 'VERIFIED'];
const KINDS: readonly CalendarDay['kind'][] = ['HOLIDAY', 'MOVED_HOLIDAY'];

/** The territory each level names: Spain, a community or autonomous city (ISO 3166-2), or a municipality by its 5-digit INE code. */
const TERRITORY_BY_LEVEL: Record<CalendarLevel, { pattern: RegExp; example: string }> = {
  NATIONAL: { pattern: /^ES$/, example: 'ES' },
  REGIONAL: { pattern: /^ES-[A-Z]{2}$/, example: 'ES-AN' },
  LOCAL: { pattern: /^\d{5}$/, example: '41091' },
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Checks that a JSON value is a calendar dataset that can be trusted as data: the shape, that every
 * day exists and lies in the dataset's year, that no day is listed twice, that the territory matches
 * the level, and that a VERIFIED dataset names its bulletin and two distinct verifiers (ADR 0016).
 * Used for the shipped files and for the organisms' corrections.
 */
export function validateDataset(json: unknown): Outcome<CalendarDataset> {
  if (!isRecord(json)) return failure('A calendar dataset must be a JSON object.');
  const { year, territory, level, name, version, status, verifiedBy, sources, days } = json;

  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1900 || year > 9999) return failure('year must be an integer between 1900 and 9999.');
  if (typeof level !== 'string' || !includes(LEVELS, level)) return failure(`level must be one of ${LEVELS.join(', ')}.`);
  if (typeof territory !== 'string') return failure('territory must be a string.');
  const expected = TERRITORY_BY_LEVEL[level];
  if (!expected.pattern.test(territory)) return failure(`territory "${territory}" does not fit level ${level} (expected a code like ${expected.example}).`);
  if (typeof name !== 'string' || name.trim() === '') return failure('name must be a non-empty string.');
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) return failure('version must be an integer of at least 1.');
  if (typeof status !== 'string' || !includes(STATUSES, status)) return failure(`status must be one of ${STATUSES.join(', ')}.`);
  if (!Array.isArray(verifiedBy) || !verifiedBy.every((v) => typeof v === 'string' && v.trim() !== '')) {
    return failure('verifiedBy must be a list of non-empty strings.');
  }

  if (!Array.isArray(sources)) return failure('sources must be a list.');
  const checkedSources: BulletinSource[] = [];
  for (const [index, source] of sources.entries()) {
    const checked = validateSource(source, index);
    if (!checked.ok) return checked;
    checkedSources.push(checked.value);
  }

  if (!Array.isArray(days)) return failure('days must be a list.');
  const checkedDays: CalendarDay[] = [];
  const seen = new Set<string>();
  for (const [index, day] of days.entries()) {
    const checked = validateDay(day, index, year);
    if (!checked.ok) return checked;
    if (seen.has(checked.value.date)) return failure(`days lists ${checked.value.date} more than once.`);
    seen.add(checked.value.date);
    checkedDays.push(checked.value);
  }

  const verifiers = verifiedBy as string[];
  if (status === 'VERIFIED') {
    // ADR 0016: a dataset used for FINAL dates names its bulletin and was checked by two people.
    if (!checkedSources.some((s) => s.reference.trim() !== '')) return failure('A VERIFIED dataset needs at least one source with a reference.');
    if (new Set(verifiers.map((v) => v.trim())).size < 2) return failure('A VERIFIED dataset needs two distinct verifiers.');
  }

  return success({
    year,
    territory,
    level,
    name,
    version,
    status,
    verifiedBy: [...verifiers],
    sources: checkedSources,
    days: checkedDays,
  });
}

function validateSource(source: unknown, index: number): Outcome<BulletinSource> {
  const where = `sources[${index}]`;
  if (!isRecord(source)) return failure(`${where} must be an object.`);
  const { bulletin, reference, url, publishedOn } = source;
  if (typeof bulletin !== 'string' || bulletin.trim() === '') return failure(`${where}.bulletin must be a non-empty string.`);
  if (typeof reference !== 'string' || reference.trim() === '') return failure(`${where}.reference must be a non-empty string.`);
  if (url !== null && (typeof url !== 'string' || !/^https:\/\//.test(url))) return failure(`${where}.url must be an https address or null.`);
  if (publishedOn !== null) {
    if (typeof publishedOn !== 'string' || !isExistingDate(publishedOn)) return failure(`${where}.publishedOn must be an existing date YYYY-MM-DD or null.`);
  }
  return success({ bulletin, reference, url, publishedOn });
}

function validateDay(day: unknown, index: number, year: number): Outcome<CalendarDay> {
  const where = `days[${index}]`;
  if (!isRecord(day)) return failure(`${where} must be an object.`);
  const { date, name, kind } = day;
  if (typeof date !== 'string' || !isExistingDate(date)) return failure(`${where}.date must be an existing date YYYY-MM-DD (got ${JSON.stringify(date)}).`);
  if (Number(date.slice(0, 4)) !== year) return failure(`${where}.date ${date} is not in the dataset's year ${year}.`);
  if (typeof name !== 'string' || name.trim() === '') return failure(`${where}.name must be a non-empty string.`);
  if (typeof kind !== 'string' || !includes(KINDS, kind)) return failure(`${where}.kind must be one of ${KINDS.join(', ')}.`);
  return success({ date, name, kind });
}

function isExistingDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  try {
    // overflow 'reject' refuses 2026-02-30 instead of clamping it to 2026-02-28.
    Temporal.PlainDate.from(value, { overflow: 'reject' });
    return true;
  } catch {
    return false;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function includes<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}
