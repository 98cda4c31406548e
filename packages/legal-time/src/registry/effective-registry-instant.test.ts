import { describe, expect, it } from 'vitest';
import { calendarSet } from '../calendar/calendar-set.ts';
import { SET_2026, SEVILLA_BARCELONA_PAPER, SEVILLA_ORGAN, SHIPPED_2026 } from '../calendar/test-calendars.ts';
import { computeDue } from '../count/compute-due.ts';
import type { DueDate } from '../types.ts';
import { compareRegistryEntries, effectiveRegistryInstant, isInTime, type RegistryTime } from './effective-registry-instant.ts';

function entry(presentedAt: string, context = SEVILLA_ORGAN): RegistryTime {
  const result = effectiveRegistryInstant(presentedAt, context, SET_2026);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

function dueOf(trigger: string, value: number): DueDate {
  const result = computeDue({ trigger, duration: { value, unit: 'DIAS_HABILES' }, context: SEVILLA_ORGAN }, SET_2026);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

describe('effectiveRegistryInstant (art. 31.2)', () => {
  it('keeps the real instant of a presentation on a día hábil', () => {
    expect(entry('2026-04-10T21:15:30.250+02:00')).toMatchObject({
      presentedAt: '2026-04-10T21:15:30.25+02:00',
      effectiveAt: '2026-04-10T21:15:30.25+02:00',
      deferred: false,
      status: 'FINAL',
    });
  });

  it('moves Sat 11 Apr 09:00 to Mon 13 Apr 00:00, late for a plazo ending Fri 10 Apr (C.7.1)', () => {
    const saturday = entry('2026-04-11T09:00:00+02:00');
    expect(saturday).toMatchObject({ presentedAt: '2026-04-11T09:00:00+02:00', effectiveAt: '2026-04-13T00:00:00+02:00', deferred: true, status: 'FINAL' });
    expect(saturday.explanation.skipped.map((s) => s.date)).toEqual(['2026-04-11', '2026-04-12']);
    expect(saturday.explanation.lines).toContain(
      'Se tiene por presentado a las 00:00 del lunes 13 de abril de 2026, primer día hábil siguiente (art. 31.2.b).',
    );
    const plazo = dueOf('2026-03-25T10:00:00+01:00', 10);
    expect(plazo.date).toBe('2026-04-10');
    expect(isInTime(saturday.effectiveAt, plazo)).toBe(false);
    expect(isInTime(entry('2026-04-10T23:59:59.999+02:00').effectiveAt, plazo)).toBe(true);
  });

  it('moves Wed 22 Apr 19:30, the Sevilla Feria, to Thu 23 Apr 00:00, in time for a plazo ending that day (C.7.2)', () => {
    const feria = entry('2026-04-22T19:30:00+02:00');
    expect(feria.effectiveAt).toBe('2026-04-23T00:00:00+02:00');
    expect(feria.explanation.skipped[0]?.reasons[0]).toMatchObject({ name: 'Miércoles de Feria', territory: '41091' });
    expect(isInTime(feria.effectiveAt, { endsAt: '2026-04-23T23:59:59.999+02:00' })).toBe(true);
  });

  it('moves Sat 31 Oct 18:00 over Sunday 1 Nov and the Andalusian 2 Nov to Tue 3 Nov 00:00 (C.7.4)', () => {
    expect(entry('2026-10-31T18:00:00+01:00').effectiveAt).toBe('2026-11-03T00:00:00+01:00');
  });

  it("uses the sede's calendar only, never the residence's, even on paper (art. 31.3)", () => {
    // 6 Apr is Lunes de Pascua in Cataluña but hábil in Sevilla.
    const result = entry('2026-04-06T10:00:00+02:00', SEVILLA_BARCELONA_PAPER);
    expect(result.deferred).toBe(false);
    expect(result.explanation.calendars.map((c) => c.territory)).toEqual(['ES', 'ES-AN', '41091']);
  });

  it('reads the presentation on the sede clock: 23:30Z on Fri 10 Apr is already Saturday in Madrid', () => {
    expect(entry('2026-04-10T21:59:59.999Z')).toMatchObject({ deferred: false, presentedAt: '2026-04-10T23:59:59.999+02:00' });
    expect(entry('2026-04-10T22:00:00Z')).toMatchObject({ deferred: true, effectiveAt: '2026-04-13T00:00:00+02:00' });
  });

  it('is PROVISIONAL when a sede dataset for the day is missing', () => {
    const result = effectiveRegistryInstant('2027-01-02T10:00:00+01:00', SEVILLA_ORGAN, calendarSet(SHIPPED_2026));
    expect(result.ok && result.value.status).toBe('PROVISIONAL');
  });

  it('refuses a seat that is not an ISO community code', () => {
    const result = effectiveRegistryInstant('2026-04-11T09:00:00+02:00', { ...SEVILLA_ORGAN, seat: { community: 'Sevilla', municipality: null } }, SET_2026);
    expect(result).toEqual({ ok: false, message: expect.stringContaining('ISO 3166-2') as unknown });
  });

  it('refuses an instant without an offset', () => {
    const result = effectiveRegistryInstant('2026-04-11T09:00:00', SEVILLA_ORGAN, SET_2026);
    expect(result).toEqual({ ok: false, message: expect.stringContaining('not an ISO instant with an offset') as unknown });
  });
});

describe('compareRegistryEntries (art. 31.2.b)', () => {
  it('ranks Sat 28 Feb 10:00 (effective Mon 2 Mar 00:00) before Mon 2 Mar 00:00:30 (C.7.3)', () => {
    const a = entry('2026-02-28T10:00:00+01:00');
    const b = entry('2026-03-02T00:00:30+01:00');
    expect(a.effectiveAt).toBe('2026-03-02T00:00:00+01:00');
    expect([b, a].sort(compareRegistryEntries)).toEqual([a, b]);
  });

  it('ranks deferred entries before one presented at the very same first instant of the día hábil', () => {
    const sameInstant = entry('2026-03-02T00:00:00+01:00');
    const sunday = entry('2026-03-01T23:00:00+01:00');
    const saturday = entry('2026-02-28T08:00:00+01:00');
    expect(sameInstant.effectiveAt).toBe(sunday.effectiveAt);
    expect([sameInstant, sunday, saturday].sort(compareRegistryEntries)).toEqual([saturday, sunday, sameInstant]);
  });

  it('keeps hábil-day entries in the order of their real instants', () => {
    const early = entry('2026-03-03T09:00:00+01:00');
    const late = entry('2026-03-03T08:30:00Z');
    expect(compareRegistryEntries(early, late)).toBe(-1);
    expect(compareRegistryEntries(late, early)).toBe(1);
    expect(compareRegistryEntries(early, early)).toBe(0);
  });
});
