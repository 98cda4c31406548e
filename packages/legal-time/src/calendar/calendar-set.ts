import type { CalendarDataset } from '../types.ts';

/**
 * The calendars a computation may use, indexed by year and territory. Every version is kept (a
 * correction is a new version, and an explanation names the version it used); the latest version
 * of each year and territory is the one that decides whether a day is hábil.
 */
export interface CalendarSet {
  /** The latest version for the year and territory, or null when none is loaded. */
  latest(year: number, territory: string): CalendarDataset | null;
  /** Every loaded version for the year and territory, oldest first. */
  versions(year: number, territory: string): readonly CalendarDataset[];
  /** The territory's name from any loaded year (`Andalucía`), or null when no dataset names it. */
  territoryName(territory: string): string | null;
  readonly datasets: readonly CalendarDataset[];
}

const keyOf = (year: number, territory: string): string => `${year}|${territory}`;

export function calendarSet(datasets: readonly CalendarDataset[]): CalendarSet {
  const byKey = new Map<string, CalendarDataset[]>();
  const names = new Map<string, string>();
  for (const dataset of datasets) {
    const key = keyOf(dataset.year, dataset.territory);
    byKey.set(key, [...(byKey.get(key) ?? []), dataset]);
    names.set(dataset.territory, dataset.name);
  }
  // A stable sort keeps the given order for two files claiming the same version: the later one wins.
  for (const versions of byKey.values()) versions.sort((a, b) => a.version - b.version);
  return {
    latest: (year, territory) => byKey.get(keyOf(year, territory))?.at(-1) ?? null,
    versions: (year, territory) => byKey.get(keyOf(year, territory)) ?? [],
    territoryName: (territory) => names.get(territory) ?? null,
    datasets,
  };
}
