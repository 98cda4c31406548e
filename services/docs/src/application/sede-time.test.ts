import { describe, expect, it } from 'vitest';
import { SedeTime } from './sede-time.ts';

describe('SedeTime', () => {
  const madrid = new SedeTime('Europe/Madrid');

  it('writes instants with the offset in force in the sede, winter and summer', () => {
    expect(madrid.iso(new Date('2026-03-02T08:15:00Z'))).toBe('2026-03-02T09:15:00+01:00');
    expect(madrid.iso(new Date('2026-07-01T10:00:00Z'))).toBe('2026-07-01T12:00:00+02:00');
  });

  it("takes the year in the sede's zone, not in UTC", () => {
    expect(madrid.year(new Date('2026-12-31T23:30:00Z'))).toBe(2027);
    expect(new SedeTime('Atlantic/Canary').year(new Date('2026-12-31T23:30:00Z'))).toBe(2026);
  });
});
