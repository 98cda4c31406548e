import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

import { SHIPPED_CALENDARS } from '../../calendars/index.ts';
import type { CalendarDataset } from '../types.ts';
import { validateDataset } from './validate-dataset.ts';

const CALENDARS_DIR = fileURLToPath(new URL('../../calendars/', import.meta.url));

/** Every `<year>/<territory>.json` under calendars/, read from disk so that a file left out of index.ts is caught. */
const FILES = readdirSync(CALENDARS_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((year) =>
    readdirSync(`${CALENDARS_DIR}${year.name}`)
      .filter((file) => file.endsWith('.json'))
      .map((file) => ({ path: `${year.name}/${file}`, json: JSON.parse(readFileSync(`${CALENDARS_DIR}${year.name}/${file}`, 'utf8')) as unknown })),
  );

function shipped(year: number, territory: string): CalendarDataset {
  const found = SHIPPED_CALENDARS.find((d) => d.year === year && d.territory === territory);
  if (!found) throw new Error(`no shipped dataset ${year}/${territory}`);
  return found;
}

describe('the shipped calendars', () => {
  it('are files in the calendars folder', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(3);
  });

  it.each(FILES)('$path passes validation and is named <year>/<territory>.json', ({ path, json }) => {
    const outcome = validateDataset(json);
    if (!outcome.ok) throw new Error(`${path}: ${outcome.message}`);
    expect(path).toBe(`${outcome.value.year}/${outcome.value.territory}.json`);
  });

  it('lists every file of the folder in SHIPPED_CALENDARS, once', () => {
    const listed = SHIPPED_CALENDARS.map((d) => `${d.year}/${d.territory}.json`).sort();
    expect(listed).toEqual(FILES.map((f) => f.path).sort());
    expect(new Set(listed).size).toBe(listed.length);
  });

  it('exports what the files say, not another copy', () => {
    for (const file of FILES) {
      const dataset = file.json as CalendarDataset;
      expect(shipped(dataset.year, dataset.territory)).toEqual(dataset);
    }
  });

  it('has no dataset that lists a day twice', () => {
    for (const dataset of SHIPPED_CALENDARS) {
      const dates = dataset.days.map((d) => d.date);
      expect(new Set(dates).size, `${dataset.year}/${dataset.territory}`).toBe(dates.length);
    }
  });

  it('has the nine national days of BOE-A-2025-21667 in the 2026 national file', () => {
    const national = shipped(2026, 'ES');
    expect(national.sources.map((s) => s.reference)).toContain('BOE-A-2025-21667');
    const dates = national.days.map((d) => d.date);
    // The resolution's nine days common to all of Spain; the file also lists Sunday 6 Dec (Constitución), whose Monday each community decides.
    for (const date of ['2026-01-01', '2026-01-06', '2026-04-03', '2026-05-01', '2026-08-15', '2026-10-12', '2026-11-01', '2026-12-08', '2026-12-25']) {
      expect(dates).toContain(date);
    }
    // No community holiday leaks into the national file: Jueves Santo is not a holiday in Cataluña or the Comunitat Valenciana.
    expect(dates).not.toContain('2026-04-02');
  });

  it('does not make Jueves Santo (2 April 2026) a holiday in Cataluña, and has its four own days', () => {
    const catalonia = shipped(2026, 'ES-CT');
    const dates = catalonia.days.map((d) => d.date);
    expect(dates).not.toContain('2026-04-02');
    expect(dates).toEqual(expect.arrayContaining(['2026-04-06', '2026-06-24', '2026-09-11', '2026-12-26']));
  });

  it('keeps the verified 2026 national, Andalusian and Sevilla files VERIFIED and marks every other file DRAFT with no verifier', () => {
    const verified = new Set(['2026/ES', '2026/ES-AN', '2026/41091']);
    for (const dataset of SHIPPED_CALENDARS) {
      const key = `${dataset.year}/${dataset.territory}`;
      if (verified.has(key)) expect(dataset.status, key).toBe('VERIFIED');
      else {
        expect(dataset.status, key).toBe('DRAFT');
        expect(dataset.verifiedBy, key).toEqual([]);
      }
    }
  });

  it('gives every dataset at least one bulletin source', () => {
    for (const dataset of SHIPPED_CALENDARS) expect(dataset.sources.length, `${dataset.year}/${dataset.territory}`).toBeGreaterThan(0);
  });
});
