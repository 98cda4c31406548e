import { describe, expect, it } from 'vitest';
import { maximoPlazo } from '../../test/plazo-fixtures.ts';
import { causesFor, codeKey, extensionArticles, instantOf, localInput, longDate, longDay, shortDateTime, unverifiedCalendars } from './plazos.ts';

describe('dates of legal time in the web', () => {
  it("says a due instant as a long Spanish date with the minute, in the sede's zone", () => {
    expect(longDate('2026-04-10T23:59:59.999+02:00', 'Europe/Madrid', 'es')).toEqual({ date: 'viernes 10 de abril de 2026', time: '23:59' });
    // The same instant is an hour earlier on the Canary Islands.
    expect(longDate('2026-04-10T23:59:59.999+02:00', 'Atlantic/Canary', 'es')).toEqual({ date: 'viernes 10 de abril de 2026', time: '22:59' });
    expect(longDate('2026-04-10T23:59:59.999+02:00', 'Europe/Madrid', 'en').date).toBe('Friday 10 April 2026');
    expect(longDay('2026-02-19', 'es')).toBe('jueves 19 de febrero de 2026');
  });

  it("reads a date-time field in the sede's zone, with its offset in winter and in summer", () => {
    expect(instantOf('2026-01-15T10:30', 'Europe/Madrid')).toBe('2026-01-15T10:30:00+01:00');
    expect(instantOf('2026-07-15T10:30', 'Europe/Madrid')).toBe('2026-07-15T10:30:00+02:00');
    expect(instantOf('2026-07-15T10:30', 'Atlantic/Canary')).toBe('2026-07-15T10:30:00+01:00');
    expect(instantOf('2026-02-30T10:30', 'Europe/Madrid')).toBeNull();
    expect(instantOf('', 'Europe/Madrid')).toBeNull();
  });

  it('fills a date-time field with an instant as the sede reads it', () => {
    expect(localInput(new Date('2026-03-29T01:30:00Z'), 'Europe/Madrid')).toBe('2026-03-29T03:30');
    expect(localInput(new Date('2026-03-29T01:30:00Z'), 'Atlantic/Canary')).toBe('2026-03-29T02:30');
    expect(shortDateTime('2026-02-02T10:00:00+01:00', 'Atlantic/Canary')).toBe('02/02/2026 09:00');
  });
});

describe('plazo rules the web shows', () => {
  it('names the calendars that keep a date provisional: drafts and years not loaded', () => {
    expect(unverifiedCalendars(maximoPlazo().due!.explanation).map((c) => `${c.year} ${c.territory} ${c.status}`)).toEqual([
      '2026 41091 DRAFT',
      '2027 ES MISSING',
    ]);
  });

  it('offers art. 23 for the maximum plazo and arts. 32 and 68.2 for a trámite', () => {
    expect(extensionArticles('MAXIMO')).toEqual(['23']);
    expect(extensionArticles('TRAMITE')).toEqual(['32', '68.2']);
    expect(codeKey('22.1.a')).toBe('22_1_a');
  });

  it('offers the art. 25.2 interruption only for a procedure started de oficio', () => {
    expect(causesFor({ initiation: 'OFICIO' })).toContain('25.2');
    expect(causesFor({ initiation: 'SOLICITUD' })).not.toContain('25.2');
    expect(causesFor({ initiation: null })).not.toContain('25.2');
    expect(causesFor({ initiation: 'SOLICITUD' })).toHaveLength(10);
  });
});
