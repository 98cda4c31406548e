import { describe, expect, it } from 'vitest';
import { spanishDate, spanishReasons, spanishZone } from './spanish-date.ts';

describe('spanishDate', () => {
  it.each([
    ['2026-04-02', 'jueves 2 de abril de 2026'],
    ['2026-03-25', 'miércoles 25 de marzo de 2026'],
    ['2026-02-28', 'sábado 28 de febrero de 2026'],
    ['2027-01-03', 'domingo 3 de enero de 2027'],
    ['2026-09-07', 'lunes 7 de septiembre de 2026'],
  ])('writes %s as "%s"', (date, text) => {
    expect(spanishDate(date)).toBe(text);
  });

  it('names the sede zone (art. 31.2)', () => {
    expect(spanishZone('Europe/Madrid')).toBe('hora de Madrid');
    expect(spanishZone('Atlantic/Canary')).toBe('hora de Canarias');
  });

  it('writes every reason with its territory and bulletin', () => {
    expect(
      spanishReasons([
        { kind: 'WEEKEND', name: null, territory: null, territoryName: null, source: null },
        { kind: 'HOLIDAY', name: 'Día de Andalucía', territory: 'ES-AN', territoryName: 'Andalucía', source: 'Decreto 101/2025, de 14 de mayo' },
      ]),
    ).toBe('fin de semana; Día de Andalucía (Andalucía, Decreto 101/2025, de 14 de mayo)');
  });
});
