import type { CalendarCorrection, CalendarRepository, CalendarSettingsRecord } from '../../domain/calendar-repository.ts';

const keyOf = (c: { organism: string; dataset: { year: number; territory: string; version: number } }) =>
  `${c.organism}|${c.dataset.year}|${c.dataset.territory}|${c.dataset.version}`;

/** Organisms' calendar settings and corrections kept in memory (unit tests). */
export class InMemoryCalendarRepository implements CalendarRepository {
  readonly #settings = new Map<string, CalendarSettingsRecord>();
  readonly #corrections = new Map<string, CalendarCorrection>();

  async settings(organism: string): Promise<CalendarSettingsRecord | null> {
    const settings = this.#settings.get(organism);
    return settings ? structuredClone(settings) : null;
  }

  async configuredOrganisms(): Promise<string[]> {
    return [...this.#settings.keys()].sort();
  }

  async saveSettings(settings: CalendarSettingsRecord): Promise<void> {
    this.#settings.set(settings.organism, structuredClone(settings));
  }

  async corrections(organism: string): Promise<CalendarCorrection[]> {
    return [...this.#corrections.values()]
      .filter((correction) => correction.organism === organism)
      .sort((a, b) => a.dataset.year - b.dataset.year || a.dataset.territory.localeCompare(b.dataset.territory) || a.dataset.version - b.dataset.version)
      .map((correction) => structuredClone(correction));
  }

  async lockCorrection(organism: string, year: number, territory: string, version: number): Promise<CalendarCorrection | null> {
    const correction = this.#corrections.get(keyOf({ organism, dataset: { year, territory, version } }));
    return correction ? structuredClone(correction) : null;
  }

  async insertCorrection(correction: CalendarCorrection): Promise<boolean> {
    const key = keyOf(correction);
    if (this.#corrections.has(key)) return false;
    this.#corrections.set(key, structuredClone(correction));
    return true;
  }

  async approveCorrection(correction: CalendarCorrection): Promise<boolean> {
    const key = keyOf(correction);
    if (this.#corrections.get(key)?.dataset.status !== 'DRAFT') return false;
    this.#corrections.set(key, structuredClone(correction));
    return true;
  }
}
