import { Temporal } from 'temporal-polyfill';

import type { CalendarDataset } from '../types.ts';

/** A holiday as another source states it (a rule library, another list): a date and a name. */
export interface ReferenceDay {
  date: string;
  name: string;
}

/**
 * MISSING_FROM_DATASET: the other source has a holiday our datasets do not list.
 * NOT_IN_REFERENCE: our datasets list a holiday the other source does not have.
 */
export type CalendarDifference =
  { kind: 'MISSING_FROM_DATASET'; date: string; referenceName: string } | { kind: 'NOT_IN_REFERENCE'; date: string; datasetName: string };

export interface CrossCheckOptions {
  /** Datasets whose days also count as listed, e.g. the national one when checking a community against a source that mixes both. */
  alongWith?: readonly CalendarDataset[];
  /**
   * Skip differences on Saturdays and Sundays (default true): art. 30.2 makes them inhábiles anyway,
   * so a holiday listed or missed there never changes a count.
   */
  ignoreWeekends?: boolean;
}

/**
 * Compares a dataset with another source's list of holidays for the same year and returns the
 * differences, by date. Pure: the caller fetches the other list. A difference is a question for
 * the people who verify calendars, never a correction: the bulletin is the source (ADR 0016).
 */
export function crossCheck(dataset: CalendarDataset, reference: readonly ReferenceDay[], options: CrossCheckOptions = {}): CalendarDifference[] {
  const ignoreWeekends = options.ignoreWeekends ?? true;
  const ours = new Map<string, string>();
  for (const other of options.alongWith ?? []) {
    if (other.year !== dataset.year) continue;
    for (const day of other.days) ours.set(day.date, day.name);
  }
  const own = new Map(dataset.days.map((day) => [day.date, day.name]));
  const theirs = new Map<string, string>();
  for (const day of reference) if (day.date.startsWith(`${dataset.year}-`) && !theirs.has(day.date)) theirs.set(day.date, day.name);

  const relevant = (date: string): boolean => !ignoreWeekends || !isWeekend(date);
  const differences: CalendarDifference[] = [];
  for (const [date, referenceName] of theirs) {
    if (!own.has(date) && !ours.has(date) && relevant(date)) differences.push({ kind: 'MISSING_FROM_DATASET', date, referenceName });
  }
  for (const [date, datasetName] of own) {
    if (!theirs.has(date) && relevant(date)) differences.push({ kind: 'NOT_IN_REFERENCE', date, datasetName });
  }
  return differences.sort((a, b) => a.date.localeCompare(b.date) || a.kind.localeCompare(b.kind));
}

function isWeekend(date: string): boolean {
  return Temporal.PlainDate.from(date).dayOfWeek >= 6;
}
