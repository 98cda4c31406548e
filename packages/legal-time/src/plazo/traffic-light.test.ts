import { describe, expect, it } from 'vitest';
import { SET_2026, SEVILLA_ORGAN } from '../calendar/test-calendars.ts';
import { computeDue } from '../count/compute-due.ts';
import type { DueDate } from '../types.ts';
import { habilesLeft, timeLeft, trafficLight } from './traffic-light.ts';

/** C.2 example 1: 10 días hábiles from Wed 25 Mar 2026, due Fri 10 Apr (2 and 3 Apr skipped). */
const TRIGGER = '2026-03-25T11:00:00+01:00';
const due = (() => {
  const result = computeDue({ trigger: TRIGGER, duration: { value: 10, unit: 'DIAS_HABILES' }, context: SEVILLA_ORGAN }, SET_2026);
  if (!result.ok) throw new Error(result.message);
  return result.value;
})();
const light = (now: string, startedAt?: string) => trafficLight(due, now, SEVILLA_ORGAN, SET_2026, startedAt);
const left = (now: string) => timeLeft(due, now, SEVILLA_ORGAN, SET_2026);

describe('the traffic light and the time left of a plazo (ADR 0016)', () => {
  it('is IN_TIME with more than three días hábiles left, counting today', () => {
    expect(due.date).toBe('2026-04-10');
    // Mon 6 Apr: 6, 7, 8, 9 and 10 Apr are left.
    expect(habilesLeft(due, '2026-04-06T09:00:00+02:00', SEVILLA_ORGAN, SET_2026)).toBe(5);
    expect(light('2026-04-06T09:00:00+02:00')).toBe('IN_TIME');
    expect(left('2026-04-06T09:00:00+02:00')).toBe('quedan 5 días hábiles');
  });

  it('turns NEAR with three días hábiles or fewer left, skipping inhábil days (1 Apr: 1, 6, 7… not 2 and 3 Apr)', () => {
    expect(light('2026-04-08T09:00:00+02:00')).toBe('NEAR');
    expect(left('2026-04-07T09:00:00+02:00')).toBe('quedan 4 días hábiles');
    expect(light('2026-04-07T09:00:00+02:00')).toBe('IN_TIME');
    // Wed 1 Apr: 1, 6, 7, 8, 9, 10 Apr left (Jueves and Viernes Santo and the weekend are not).
    expect(left('2026-04-01T09:00:00+02:00')).toBe('quedan 6 días hábiles');
  });

  it('turns NEAR in the last quarter of the plazo when its start is given', () => {
    // From 25 Mar 11:00 to 10 Apr 23:59:59 (396 hours): three quarters are gone on 6 Apr at 21:00.
    expect(light('2026-04-06T20:59:00+02:00', TRIGGER)).toBe('IN_TIME');
    expect(light('2026-04-06T21:01:00+02:00', TRIGGER)).toBe('NEAR');
  });

  it('says "vence hoy" on the last day, and is OVERDUE from the next instant', () => {
    expect(left('2026-04-10T23:59:59+02:00')).toBe('vence hoy');
    expect(light('2026-04-10T23:59:59+02:00')).toBe('NEAR');
    expect(light('2026-04-11T00:00:00+02:00')).toBe('OVERDUE');
    expect(left('2026-04-11T00:00:00+02:00')).toBe('vencido hace 1 día');
    expect(left('2026-04-12T10:00:00+02:00')).toBe('vencido hace 2 días');
  });

  it('is SUSPENDED when the plazo has no due date (art. 22)', () => {
    expect(trafficLight(null, '2026-04-06T09:00:00+02:00', SEVILLA_ORGAN, SET_2026)).toBe('SUSPENDED');
    expect(timeLeft(null, '2026-04-06T09:00:00+02:00', SEVILLA_ORGAN, SET_2026)).toBe('plazo suspendido');
  });

  it('says "queda 1 día hábil" the day before over a weekend', () => {
    const monday: DueDate = { ...due, date: '2026-04-13', endsAt: '2026-04-13T23:59:59.999+02:00' };
    expect(timeLeft(monday, '2026-04-11T10:00:00+02:00', SEVILLA_ORGAN, SET_2026)).toBe('queda 1 día hábil');
  });

  it('refuses an unreadable now with a clear message', () => {
    expect(() => light('mañana')).toThrow('now "mañana" is not an ISO instant');
  });
});
