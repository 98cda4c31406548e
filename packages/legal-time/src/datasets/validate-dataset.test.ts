import { describe, expect, it } from 'vitest';

import type { CalendarDataset } from '../types.ts';
import { validateDataset } from './validate-dataset.ts';

function dataset(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base: CalendarDataset = {
    year: 2026,
    territory: 'ES-CT',
    level: 'REGIONAL',
    name: 'Cataluña',
    version: 1,
    status: 'DRAFT',
    verifiedBy: [],
    sources: [{ bulletin: 'BOE', reference: 'BOE-A-2025-21667', url: 'https://www.boe.es/diario_boe/txt.php?id=BOE-A-2025-21667', publishedOn: '2025-10-28' }],
    days: [
      { date: '2026-04-06', name: 'Lunes de Pascua', kind: 'HOLIDAY' },
      { date: '2026-09-11', name: 'Fiesta Nacional de Cataluña', kind: 'HOLIDAY' },
    ],
  };
  return { ...base, ...overrides };
}

function messageOf(json: unknown): string {
  const outcome = validateDataset(json);
  if (outcome.ok) throw new Error('expected a refusal');
  return outcome.message;
}

describe('validateDataset', () => {
  it('accepts a well-formed draft dataset and returns it typed', () => {
    const outcome = validateDataset(dataset());
    expect(outcome.ok).toBe(true);
    if (outcome.ok) {
      expect(outcome.value.territory).toBe('ES-CT');
      expect(outcome.value.days.map((d) => d.date)).toEqual(['2026-04-06', '2026-09-11']);
    }
  });

  it('refuses what is not an object', () => {
    expect(messageOf(null)).toMatch(/JSON object/);
    expect(messageOf([])).toMatch(/JSON object/);
    expect(messageOf('ES')).toMatch(/JSON object/);
  });

  it('refuses a missing or malformed field with its name in the message', () => {
    expect(messageOf(dataset({ year: 2026.5 }))).toMatch(/year/);
    expect(messageOf(dataset({ level: 'PROVINCIAL' }))).toMatch(/level/);
    expect(messageOf(dataset({ name: ' ' }))).toMatch(/name/);
    expect(messageOf(dataset({ version: 0 }))).toMatch(/version/);
    expect(messageOf(dataset({ status: 'FINAL' }))).toMatch(/status/);
    expect(messageOf(dataset({ verifiedBy: [''] }))).toMatch(/verifiedBy/);
    expect(messageOf(dataset({ days: undefined }))).toMatch(/days/);
    expect(messageOf(dataset({ sources: [{ bulletin: 'BOE', reference: '', url: null, publishedOn: null }] }))).toMatch(/sources\[0\]\.reference/);
    expect(messageOf(dataset({ sources: [{ bulletin: 'BOE', reference: 'x', url: 'ftp://x', publishedOn: null }] }))).toMatch(/sources\[0\]\.url/);
    expect(messageOf(dataset({ days: [{ date: '2026-04-06', name: 'Lunes de Pascua', kind: 'BRIDGE' }] }))).toMatch(/days\[0\]\.kind/);
  });

  it('refuses a territory that does not fit the level', () => {
    expect(messageOf(dataset({ level: 'NATIONAL' }))).toMatch(/does not fit level NATIONAL/);
    expect(messageOf(dataset({ level: 'LOCAL' }))).toMatch(/does not fit level LOCAL/);
    expect(messageOf(dataset({ territory: 'ES-C' }))).toMatch(/does not fit level REGIONAL/);
    expect(messageOf(dataset({ territory: '4109', level: 'LOCAL' }))).toMatch(/does not fit level LOCAL/);
    expect(validateDataset(dataset({ territory: '08019', level: 'LOCAL', name: 'Barcelona' })).ok).toBe(true);
    expect(validateDataset(dataset({ territory: 'ES', level: 'NATIONAL', name: 'España' })).ok).toBe(true);
  });

  it('refuses a date that does not exist, even one a lenient parser would clamp', () => {
    expect(messageOf(dataset({ days: [{ date: '2026-02-29', name: 'x', kind: 'HOLIDAY' }] }))).toMatch(/existing date/);
    expect(messageOf(dataset({ days: [{ date: '2026-04-31', name: 'x', kind: 'HOLIDAY' }] }))).toMatch(/existing date/);
    expect(messageOf(dataset({ days: [{ date: '2026-4-6', name: 'x', kind: 'HOLIDAY' }] }))).toMatch(/existing date/);
    expect(messageOf(dataset({ sources: [{ bulletin: 'BOE', reference: 'x', url: null, publishedOn: '2025-13-01' }] }))).toMatch(/publishedOn/);
  });

  it('refuses a day outside the dataset year', () => {
    expect(messageOf(dataset({ days: [{ date: '2027-01-06', name: 'Epifanía del Señor', kind: 'HOLIDAY' }] }))).toMatch(/not in the dataset's year 2026/);
  });

  it('refuses a date listed twice', () => {
    const days = [
      { date: '2026-06-24', name: 'San Juan', kind: 'HOLIDAY' },
      { date: '2026-06-24', name: 'Sant Joan', kind: 'HOLIDAY' },
    ];
    expect(messageOf(dataset({ days }))).toMatch(/2026-06-24 more than once/);
  });

  it('accepts VERIFIED only with a referenced source and two distinct verifiers', () => {
    expect(validateDataset(dataset({ status: 'VERIFIED', verifiedBy: ['revisor-1', 'revisor-2'] })).ok).toBe(true);
    expect(messageOf(dataset({ status: 'VERIFIED', verifiedBy: ['revisor-1'] }))).toMatch(/two distinct verifiers/);
    expect(messageOf(dataset({ status: 'VERIFIED', verifiedBy: ['revisor-1', 'revisor-1 '] }))).toMatch(/two distinct verifiers/);
    expect(messageOf(dataset({ status: 'VERIFIED', verifiedBy: ['revisor-1', 'revisor-2'], sources: [] }))).toMatch(/at least one source/);
  });

  it('lets a draft carry no verifier and no source yet', () => {
    expect(validateDataset(dataset({ sources: [], verifiedBy: [] })).ok).toBe(true);
  });
});
