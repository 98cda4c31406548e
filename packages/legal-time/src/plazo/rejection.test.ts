import { describe, expect, it } from 'vitest';
import { SET_2026, SEVILLA_ORGAN } from '../calendar/test-calendars.ts';
import type { LegalTimePolicy } from '../types.ts';
import { notificationRejection } from './rejection.ts';

function rejection(madeAvailableAt: string, policy?: Partial<LegalTimePolicy>, accessedAt: string | null = null) {
  const result = notificationRejection({ madeAvailableAt, accessedAt, context: SEVILLA_ORGAN }, SET_2026, policy);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

describe('rejection of an electronic notification after 10 días naturales (arts. 43.2, 41.5; eni-legal-time C.15)', () => {
  it('example 1: made available Wed 18 Feb 2026, day 10 is Sat 28 Feb (also Día de Andalucía), so Mon 2 Mar; deemed notified Tue 3 Mar (DAY_11)', () => {
    const result = rejection('2026-02-18T10:00:00+01:00');
    expect(result).toMatchObject({
      kind: 'REJECTED',
      convention: 'DAY_11',
      notifiedOn: '2026-03-03',
      notifiedAt: '2026-03-03T00:00:00+01:00',
      status: 'FINAL',
    });
    expect(result.dayTen.date).toBe('2026-03-02');
    expect(result.explanation.articles).toEqual(expect.arrayContaining(['art. 43.2', 'art. 30.5']));
  });

  it('example 1 with END_OF_DAY_10: deemed notified at the end of Mon 2 Mar', () => {
    expect(rejection('2026-02-18T10:00:00+01:00', { rejectionConvention: 'END_OF_DAY_10' })).toMatchObject({
      notifiedOn: '2026-03-02',
      notifiedAt: '2026-03-02T23:59:59.999+01:00',
    });
  });

  it('example 2: made available Tue 24 Mar 2026, day 10 is Fri 3 Apr (Viernes Santo), so Mon 6 Apr; deemed notified Tue 7 Apr, or Mon 6 Apr on END_OF_DAY_10', () => {
    expect(rejection('2026-03-24T12:00:00+01:00')).toMatchObject({ notifiedOn: '2026-04-07', dayTen: { date: '2026-04-06' } });
    expect(rejection('2026-03-24T12:00:00+01:00', { rejectionConvention: 'END_OF_DAY_10' })).toMatchObject({ notifiedOn: '2026-04-06' });
  });

  it('example 3: made available Thu 24 Dec 2026, day 10 is Sun 3 Jan 2027, so Mon 4 Jan; deemed notified Tue 5 Jan 2027, PROVISIONAL without 2027 calendars', () => {
    const result = rejection('2026-12-24T09:00:00+01:00');
    expect(result).toMatchObject({ notifiedOn: '2027-01-05', status: 'PROVISIONAL', dayTen: { date: '2027-01-04' } });
    expect(rejection('2026-12-24T09:00:00+01:00', { rejectionConvention: 'END_OF_DAY_10' })).toMatchObject({ notifiedOn: '2027-01-04', status: 'PROVISIONAL' });
  });

  it('keeps day 10 where it falls when art. 30.5 is not applied to natural days (policy)', () => {
    expect(rejection('2026-02-18T10:00:00+01:00', { extendNaturalDaysOnInhabil: false })).toMatchObject({
      dayTen: { date: '2026-02-28' },
      notifiedOn: '2026-03-01',
    });
    expect(rejection('2026-02-18T10:00:00+01:00', { extendNaturalDaysOnInhabil: false, rejectionConvention: 'END_OF_DAY_10' })).toMatchObject({
      notifiedOn: '2026-02-28',
    });
  });

  it('counts an access within the 10 days as the notification, and one after them as too late (art. 43.2)', () => {
    expect(rejection('2026-02-18T10:00:00+01:00', undefined, '2026-03-02T23:00:00+01:00')).toMatchObject({ kind: 'ACCESSED', notifiedOn: '2026-03-02' });
    expect(rejection('2026-02-18T10:00:00+01:00', undefined, '2026-03-03T09:00:00+01:00')).toMatchObject({ kind: 'REJECTED', notifiedOn: '2026-03-03' });
  });
});
