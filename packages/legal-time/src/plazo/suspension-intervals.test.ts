import { describe, expect, it } from 'vitest';
import { suspensionUnion } from './suspension-intervals.ts';
import type { Suspension } from './types.ts';

const tz = 'Europe/Madrid';
const suspension = (id: string, cause: Suspension['cause'], startedAt: string, endedAt: string | null): Suspension => ({
  id,
  cause,
  startedAt,
  endedAt,
  note: '',
});

describe('the union of suspensions of the maximum plazo (art. 22, eni-legal-time C.9)', () => {
  it('counts end.date − start.date for each interval, so no boundary counts twice (art. 22.1.a: 18 → 30 Mar is 12 days)', () => {
    const union = suspensionUnion([suspension('s1', '22.1.a', '2026-03-18', '2026-03-30')], tz);
    expect(union.ok && union.value.suspendedDays).toBe(12);
  });

  it('merges overlapping suspensions and counts their days once', () => {
    const union = suspensionUnion(
      [
        suspension('a', '22.1.a', '2026-03-18', '2026-03-30'),
        suspension('b', '22.2.c', '2026-03-25', '2026-04-06'),
        suspension('c', '22.1.e', '2026-05-04', '2026-05-08'),
      ],
      tz,
    );
    if (!union.ok) throw new Error(union.message);
    expect(union.value.intervals.map((i) => [i.start, i.end, i.suspensionIds, i.days])).toEqual([
      ['2026-03-18', '2026-04-06', ['a', 'b'], 19],
      ['2026-05-04', '2026-05-08', ['c'], 4],
    ]);
    expect(union.value.suspendedDays).toBe(23);
  });

  it('absorbs a suspension that lies wholly inside another', () => {
    const union = suspensionUnion([suspension('outer', '22.2.a', '2026-03-01', '2026-03-31'), suspension('inner', '22.2.c', '2026-03-10', '2026-03-12')], tz);
    expect(union.ok && union.value.suspendedDays).toBe(30);
  });

  it('leaves the union open while any overlapping suspension is open', () => {
    const union = suspensionUnion([suspension('a', '22.1.a', '2026-03-18', '2026-03-30'), suspension('b', '22.2.c', '2026-03-20', null)], tz);
    if (!union.ok) throw new Error(union.message);
    expect(union.value.open).toBe(true);
    expect(union.value.intervals).toEqual([{ start: '2026-03-18', end: null, suspensionIds: ['a', 'b'], days: null }]);
  });

  it('ends a 22.1.d suspension at three months once the cap is reached, even with no report (art. 22.1.d: 10 Apr → 10 Jul)', () => {
    const open = [suspension('report', '22.1.d', '2026-04-10', null)];
    const before = suspensionUnion(open, tz, '2026-07-09T12:00:00+02:00');
    const after = suspensionUnion(open, tz, '2026-07-10T09:00:00+02:00');
    if (!before.ok || !after.ok) throw new Error('union refused');
    expect(before.value.open).toBe(true);
    expect(before.value.suspensions[0]?.capEnd).toBe('2026-07-10');
    expect(after.value.open).toBe(false);
    expect(after.value.suspensions[0]).toMatchObject({ end: '2026-07-10', capped: true });
    expect(after.value.suspendedDays).toBe(91);
  });

  it('cuts a report received after three months at the cap (art. 22.1.d)', () => {
    const union = suspensionUnion([suspension('report', '22.1.d', '2026-04-10', '2026-08-20')], tz);
    expect(union.ok && union.value.suspensions[0]?.end).toBe('2026-07-10');
  });

  it('reads instants in the sede zone: 23:30 UTC on 17 Mar is already 18 Mar in Madrid (art. 31.2)', () => {
    const union = suspensionUnion([suspension('s1', '22.1.a', '2026-03-17T23:30:00Z', '2026-03-30T10:00:00+02:00')], tz);
    expect(union.ok && union.value.suspendedDays).toBe(12);
  });

  it('refuses a suspension that ends before it starts, a repeated id and an unreadable date', () => {
    expect(suspensionUnion([suspension('s1', '22.1.a', '2026-03-18', '2026-03-10')], tz)).toMatchObject({ ok: false });
    expect(suspensionUnion([suspension('s1', '22.1.a', '2026-03-18', null), suspension('s1', '22.2.c', '2026-03-19', null)], tz)).toMatchObject({ ok: false });
    expect(suspensionUnion([suspension('s1', '22.1.a', '18/03/2026', null)], tz)).toMatchObject({ ok: false, message: expect.stringContaining('18/03/2026') });
  });
});
