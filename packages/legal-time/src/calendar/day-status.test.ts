import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { calendarSet } from './calendar-set.ts';
import { calendarScope, dayStatus, territoriesFor } from './day-status.ts';
import { firstHabilFrom, nextHabil } from './next-habil.ts';
import { SET_2026, SEVILLA_BARCELONA_PAPER, SEVILLA_ORGAN, SHIPPED_2026, fixtureDataset } from './test-calendars.ts';

describe('calendarSet', () => {
  it('indexes by year and territory and lets the latest version decide, keeping the others', () => {
    const v1 = fixtureDataset('41091', 'Sevilla', 2026, [['2026-04-22', 'Miércoles de Feria']]);
    const v2 = { ...fixtureDataset('41091', 'Sevilla', 2026, [['2026-04-21', 'Martes de Feria']]), version: 2 };
    const set = calendarSet([v2, v1]);
    expect(set.latest(2026, '41091')).toBe(v2);
    expect(set.versions(2026, '41091')).toEqual([v1, v2]);
    expect(set.latest(2027, '41091')).toBeNull();
    expect(set.territoryName('41091')).toBe('Sevilla');
    expect(dayStatus('2026-04-22', SEVILLA_ORGAN, set, 'SEDE').habil).toBe(true);
    expect(dayStatus('2026-04-21', SEVILLA_ORGAN, set, 'SEDE').habil).toBe(false);
  });
});

describe('dayStatus', () => {
  const set = calendarSet(SHIPPED_2026);

  it('finds an ordinary weekday hábil and names the datasets it consulted', () => {
    expect(dayStatus('2026-03-25', SEVILLA_ORGAN, set, 'SEDE')).toEqual({
      habil: true,
      reasons: [],
      uses: [
        { year: 2026, territory: 'ES', version: 1, status: 'VERIFIED' },
        { year: 2026, territory: 'ES-AN', version: 1, status: 'VERIFIED' },
        { year: 2026, territory: '41091', version: 1, status: 'VERIFIED' },
      ],
    });
  });

  it('gives a holiday on a Saturday both reasons (art. 30.2)', () => {
    const status = dayStatus('2026-02-28', SEVILLA_ORGAN, set, 'SEDE');
    expect(status.habil).toBe(false);
    expect(status.reasons).toEqual([
      { kind: 'WEEKEND', name: null, territory: null, territoryName: null, source: null },
      { kind: 'HOLIDAY', name: 'Día de Andalucía', territory: 'ES-AN', territoryName: 'Andalucía', source: 'Decreto 101/2025, de 14 de mayo' },
    ]);
  });

  it('takes the national, regional and local holidays of the seat', () => {
    expect(dayStatus('2026-04-03', SEVILLA_ORGAN, set, 'SEDE').reasons.map((r) => r.territory)).toEqual(['ES']);
    expect(dayStatus('2026-04-02', SEVILLA_ORGAN, set, 'SEDE').reasons.map((r) => r.territory)).toEqual(['ES-AN']);
    expect(dayStatus('2026-04-22', SEVILLA_ORGAN, set, 'SEDE').reasons.map((r) => r.territory)).toEqual(['41091']);
  });

  it('leaves 24 and 31 December and August hábiles (art. 30 lists only weekends and declared holidays)', () => {
    for (const date of ['2026-12-24', '2026-12-31', '2026-08-03', '2026-08-14']) expect(dayStatus(date, SEVILLA_ORGAN, set, 'SEDE').habil).toBe(true);
  });

  it("adds the residence's calendar under art. 30.6 and only then", () => {
    expect(dayStatus('2026-04-06', SEVILLA_BARCELONA_PAPER, SET_2026, 'SEDE').habil).toBe(true);
    const union = dayStatus('2026-04-06', SEVILLA_BARCELONA_PAPER, SET_2026, 'ART_30_6');
    expect(union.habil).toBe(false);
    expect(union.reasons[0]).toMatchObject({ name: 'Lunes de Pascua', territory: 'ES-CT', territoryName: 'Cataluña' });
  });

  it('marks a territory without a dataset for the year as MISSING', () => {
    expect(dayStatus('2027-01-04', SEVILLA_ORGAN, set, 'SEDE').uses).toEqual([
      { year: 2027, territory: 'ES', version: null, status: 'MISSING' },
      { year: 2027, territory: 'ES-AN', version: null, status: 'MISSING' },
      { year: 2027, territory: '41091', version: null, status: 'MISSING' },
    ]);
  });
});

describe('calendarScope and territoriesFor', () => {
  it('applies art. 30.6 to presential acts with a known residence only (art. 31.3 for electronic ones)', () => {
    expect(calendarScope(SEVILLA_BARCELONA_PAPER)).toBe('ART_30_6');
    expect(calendarScope({ ...SEVILLA_BARCELONA_PAPER, channel: 'ELECTRONIC' })).toBe('SEDE');
    expect(calendarScope({ ...SEVILLA_BARCELONA_PAPER, residence: null })).toBe('SEDE');
  });

  it('consults each territory once, national first', () => {
    const ctx = { ...SEVILLA_BARCELONA_PAPER, residence: { community: 'ES-AN', municipality: '41004' } };
    expect(territoriesFor(ctx, 'ART_30_6')).toEqual(['ES', 'ES-AN', '41091', '41004']);
    expect(territoriesFor(ctx, 'SEDE')).toEqual(['ES', 'ES-AN', '41091']);
    expect(territoriesFor({ ...SEVILLA_ORGAN, seat: { community: 'ES-AN', municipality: null } }, 'SEDE')).toEqual(['ES', 'ES-AN']);
  });
});

describe('nextHabil and firstHabilFrom', () => {
  const set = calendarSet(SHIPPED_2026);

  it('moves over a chain of inhábil days, listing each (Jueves Santo to Easter Monday)', () => {
    const found = nextHabil('2026-04-01', SEVILLA_ORGAN, set, 'SEDE');
    expect(found.date).toBe('2026-04-06');
    expect(found.skipped.map((s) => s.date)).toEqual(['2026-04-02', '2026-04-03', '2026-04-04', '2026-04-05']);
  });

  it('stays on a hábil day when asked from it, and moves on from an inhábil one (art. 30.5)', () => {
    expect(firstHabilFrom('2026-12-09', SEVILLA_ORGAN, set, 'SEDE').date).toBe('2026-12-09');
    expect(firstHabilFrom('2026-12-07', SEVILLA_ORGAN, set, 'SEDE').date).toBe('2026-12-09');
    expect(nextHabil('2026-12-09', SEVILLA_ORGAN, set, 'SEDE').date).toBe('2026-12-10');
  });

  it('refuses to run forever over a calendar that marks every day inhábil', () => {
    const everyDay = (year: number): [string, string][] =>
      Array.from({ length: 365 }, (_, i) => [Temporal.PlainDate.from({ year, month: 1, day: 1 }).add({ days: i }).toString(), 'Festivo']);
    const absurd = calendarSet([fixtureDataset('ES', 'España', 2026, everyDay(2026)), fixtureDataset('ES', 'España', 2027, everyDay(2027))]);
    const ctx = { ...SEVILLA_ORGAN, seat: { community: 'ES-AN', municipality: null } };
    expect(() => firstHabilFrom('2026-01-01', ctx, absurd, 'SEDE')).toThrow(/no día hábil/);
  });
});
