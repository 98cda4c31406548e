import { describe, expect, it } from 'vitest';
import { SHIPPED_CALENDARS } from '../../calendars/index.ts';
import { calendarSet } from '../calendar/calendar-set.ts';
import {
  ANDALUCIA_2027,
  CANARY_ORGAN,
  NATIONAL_2027,
  SET_2026,
  SEVILLA_2027,
  SEVILLA_BARCELONA_PAPER,
  SEVILLA_ORGAN,
  SHIPPED_2026,
  fixtureDataset,
} from '../calendar/test-calendars.ts';
import type { CalendarContext, DueDate, LegalDuration, LegalTimePolicy, TriggerKind } from '../types.ts';
import type { CalendarSet } from '../calendar/calendar-set.ts';
import { computeDue } from './compute-due.ts';
import { parseLegalDuration } from '../parse-legal-duration.ts';

function duration(text: string): LegalDuration {
  const parsed = parseLegalDuration(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

/** The due date, failing the test when the computation is refused. */
function due(
  trigger: string,
  text: string,
  options: { context?: CalendarContext; set?: CalendarSet; policy?: Partial<LegalTimePolicy>; triggerKind?: TriggerKind } = {},
): DueDate {
  const request = {
    trigger,
    duration: duration(text),
    context: options.context ?? SEVILLA_ORGAN,
    ...(options.triggerKind ? { triggerKind: options.triggerKind } : {}),
  };
  const result = computeDue(request, options.set ?? SET_2026, options.policy);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

/** Midday in Madrid on a date: a trigger whose date is unambiguous. */
const noon = (date: string): string => `${date}T12:00:00+01:00`;

const WITH_2027 = calendarSet([...SHIPPED_2026, NATIONAL_2027, ANDALUCIA_2027, SEVILLA_2027]);

describe('computeDue: días hábiles (art. 30.2)', () => {
  it('counts 10 días hábiles from Wed 25 Mar 2026 to Fri 10 Apr, skipping Jueves and Viernes Santo (C.2.1)', () => {
    const result = due('2026-03-25T10:00:00+01:00', '10 días hábiles', { triggerKind: 'NOTIFICATION' });
    expect(result).toMatchObject({ status: 'FINAL', date: '2026-04-10', endsAt: '2026-04-10T23:59:59.999+02:00' });
    expect(result.explanation.articles).toEqual(['art. 30.2']);
    expect(result.explanation.lines[0]).toBe(
      '10 días hábiles desde la notificación del miércoles 25 de marzo de 2026: el cómputo empieza el día siguiente (art. 30.2).',
    );
    expect(result.explanation.lines).toContain('Se omite el jueves 2 de abril de 2026: Jueves Santo (Andalucía, Decreto 101/2025, de 14 de mayo).');
    expect(result.explanation.lines).toContain('Se omite el viernes 3 de abril de 2026: Viernes Santo (España, BOE-A-2025-21667).');
    expect(result.explanation.lines.at(-1)).toBe('Vence el viernes 10 de abril de 2026 a las 23:59:59 (hora de Madrid).');
    expect(result.explanation.calendars).toEqual([
      { year: 2026, territory: 'ES', version: 1, status: 'VERIFIED' },
      { year: 2026, territory: 'ES-AN', version: 1, status: 'VERIFIED' },
      { year: 2026, territory: '41091', version: 1, status: 'VERIFIED' },
    ]);
  });

  it('counts the 68.2 extension of 5 días on top of the 10: 15 días hábiles from 25 Mar 2026 → Fri 17 Apr (C.2.1)', () => {
    expect(due(noon('2026-03-25'), '15 días hábiles').date).toBe('2026-04-17');
  });

  it('lists each skipped day with every reason, name, territory and bulletin (C.16)', () => {
    const result = due(noon('2026-03-25'), '10 días hábiles');
    expect(result.explanation.skipped.map((s) => s.date)).toEqual(['2026-03-28', '2026-03-29', '2026-04-02', '2026-04-03', '2026-04-04', '2026-04-05']);
    expect(result.explanation.skipped[0]?.reasons).toEqual([{ kind: 'WEEKEND', name: null, territory: null, territoryName: null, source: null }]);
    expect(result.explanation.skipped[2]?.reasons).toEqual([
      { kind: 'HOLIDAY', name: 'Jueves Santo', territory: 'ES-AN', territoryName: 'Andalucía', source: 'Decreto 101/2025, de 14 de mayo' },
    ]);
  });

  it('counts 15 días hábiles from Mon 20 Apr 2026 to Wed 13 May, skipping the Feria and 1 May (C.2.2)', () => {
    const result = due(noon('2026-04-20'), '15 días hábiles');
    expect(result.date).toBe('2026-05-13');
    expect(result.explanation.skipped.filter((s) => s.reasons.some((r) => r.kind === 'HOLIDAY')).map((s) => s.date)).toEqual(['2026-04-22', '2026-05-01']);
  });

  it('counts 24 and 31 December and crosses into 2027: Fri 18 Dec 2026 + 10 → Tue 5 Jan 2027 (C.2.3)', () => {
    // Without 2027 data 1 Jan 2027 cannot be known inhábil: the date computed with what is known is a day early, and PROVISIONAL.
    const withoutData = due(noon('2026-12-18'), '10 días hábiles');
    expect(withoutData.date).toBe('2027-01-04');
    expect(withoutData.status).toBe('PROVISIONAL');
    expect(withoutData.explanation.calendars).toContainEqual({ year: 2027, territory: 'ES-AN', version: null, status: 'MISSING' });
    expect(withoutData.explanation.lines.join('\n')).toContain('no está cargado el calendario de Andalucía de 2027');

    const with2027 = due(noon('2026-12-18'), '10 días hábiles', { set: WITH_2027 });
    expect(with2027).toMatchObject({ status: 'FINAL', date: '2027-01-05' });
    expect(with2027.explanation.skipped.map((s) => s.date)).toContain('2027-01-01');
    expect(with2027.explanation.skipped.map((s) => s.date)).not.toContain('2026-12-24');
  });

  it('with the shipped calendars, 18 Dec 2026 + 10 is FINAL only if every 2027 level it reaches is shipped verified', () => {
    const shipped = calendarSet(SHIPPED_CALENDARS);
    const result = due(noon('2026-12-18'), '10 días hábiles', { set: shipped });
    const newYearKnown = shipped.latest(2027, 'ES')?.days.some((d) => d.date === '2027-01-01') ?? false;
    expect(result.date).toBe(newYearKnown ? '2027-01-05' : '2027-01-04');
    const verified2027 = ['ES', 'ES-AN', '41091'].every((t) => shipped.latest(2027, t)?.status === 'VERIFIED');
    expect(result.status).toBe(verified2027 ? 'FINAL' : 'PROVISIONAL');
  });

  it('skips a chain of two holidays: Fri 27 Nov 2026 + 10 → Tue 15 Dec, over 7 and 8 Dec (C.2.4)', () => {
    const result = due(noon('2026-11-27'), '10 días hábiles');
    expect(result.date).toBe('2026-12-15');
    expect(result.explanation.skipped.map((s) => s.date)).toEqual(expect.arrayContaining(['2026-12-07', '2026-12-08']));
  });

  it('counts from a notification accessed on a Saturday or a holiday as from any day: the next hábil day is day 1 (C.16)', () => {
    expect(due(noon('2026-03-28'), '1 día hábil').date).toBe('2026-03-30');
    expect(due(noon('2026-04-02'), '1 día hábil').date).toBe('2026-04-06');
    expect(due(noon('2026-04-03'), '10 días hábiles').date).toBe('2026-04-17');
  });

  it('reads the trigger date on the sede clock within a second of midnight (C.16)', () => {
    expect(due('2026-03-24T23:59:59.999+01:00', '10 días hábiles').date).toBe('2026-04-09');
    expect(due('2026-03-25T00:00:00+01:00', '10 días hábiles').date).toBe('2026-04-10');
    expect(due('2026-03-24T22:59:59.999Z', '10 días hábiles').date).toBe('2026-04-09');
    expect(due('2026-03-24T23:00:00Z', '10 días hábiles').date).toBe('2026-04-10');
  });

  it('reads the trigger on the Canary clock for a Canary sede: 23:30Z on 24 Mar is still 24 Mar there (C.16, art. 31.2)', () => {
    const canary = due('2026-03-24T23:30:00Z', '10 días hábiles', { context: CANARY_ORGAN });
    expect(canary).toMatchObject({ status: 'FINAL', date: '2026-04-09', endsAt: '2026-04-09T23:59:59.999+01:00' });
    expect(canary.explanation.lines.at(-1)).toBe('Vence el jueves 9 de abril de 2026 a las 23:59:59 (hora de Canarias).');
    expect(canary.explanation.calendars.map((c) => c.territory)).toEqual(['ES', 'ES-CN']);
    const madrid = due('2026-03-24T23:30:00Z', '10 días hábiles', { context: { ...CANARY_ORGAN, timeZone: 'Europe/Madrid' } });
    expect(madrid.date).toBe('2026-04-10');
  });

  it('is PROVISIONAL when a year is not loaded, and says so (C.16)', () => {
    // Christmas 2025 is not known without the 2025 data: it counts, and the result says it is provisional.
    const result = due(noon('2025-12-22'), '3 días hábiles');
    expect(result.date).toBe('2025-12-25');
    expect(result.status).toBe('PROVISIONAL');
    expect(result.explanation.calendars.filter((c) => c.year === 2025).every((c) => c.status === 'MISSING')).toBe(true);
  });

  it('is PROVISIONAL when the latest version of a dataset is a DRAFT, and names that version (C.16)', () => {
    const draft = { ...fixtureDataset('41091', 'Sevilla', 2026, [['2026-04-22', 'Miércoles de Feria']]), version: 2, status: 'DRAFT' as const };
    const result = due(noon('2026-03-25'), '10 días hábiles', { set: calendarSet([...SHIPPED_2026, draft]) });
    expect(result).toMatchObject({ status: 'PROVISIONAL', date: '2026-04-10' });
    expect(result.explanation.calendars).toContainEqual({ year: 2026, territory: '41091', version: 2, status: 'DRAFT' });
    expect(result.explanation.lines.join('\n')).toContain('el calendario de Sevilla de 2026 es un borrador (versión 2)');
  });

  it('is PROVISIONAL when the municipality of the residence has no dataset under art. 30.6', () => {
    const barcelona = { ...SEVILLA_BARCELONA_PAPER, residence: { community: 'ES-CT', municipality: '08019' } };
    const result = due(noon('2026-03-25'), '10 días hábiles', { context: barcelona });
    expect(result).toMatchObject({ status: 'PROVISIONAL', date: '2026-04-13' });
    expect(result.explanation.calendars).toContainEqual({ year: 2026, territory: '08019', version: null, status: 'MISSING' });
  });
});

describe('computeDue: which calendar (arts. 30.6, 31.3)', () => {
  it('takes the union for a Barcelona resident on paper: 25 Mar + 10 → Mon 13 Apr, over 2 and 6 Apr (C.6)', () => {
    const result = due(noon('2026-03-25'), '10 días hábiles', { context: SEVILLA_BARCELONA_PAPER });
    expect(result).toMatchObject({ status: 'FINAL', date: '2026-04-13' });
    expect(result.explanation.articles).toEqual(['art. 30.2', 'art. 30.6']);
    expect(result.explanation.lines).toContain('Se omite el lunes 6 de abril de 2026: Lunes de Pascua (Cataluña, Fixture ES-CT 2026).');
    expect(result.explanation.lines).toContain('Son inhábiles también los días inhábiles del lugar de residencia del interesado (art. 30.6).');
  });

  it('uses the sede calendar only for the same act through the electronic registry: Fri 10 Apr (C.6, art. 31.3)', () => {
    const result = due(noon('2026-03-25'), '10 días hábiles', { context: { ...SEVILLA_BARCELONA_PAPER, channel: 'ELECTRONIC' } });
    expect(result.date).toBe('2026-04-10');
    expect(result.explanation.articles).toEqual(['art. 30.2', 'art. 31.3']);
    expect(result.explanation.calendars.map((c) => c.territory)).not.toContain('ES-CT');
  });
});

describe('computeDue: horas (art. 30.1)', () => {
  it('runs 24 hours from Wed 1 Apr 2026 13:00 to Mon 6 Apr 13:00 over Easter and the weekend (C.3)', () => {
    const result = due('2026-04-01T13:00:00+02:00', '24 horas');
    expect(result).toMatchObject({ status: 'FINAL', date: '2026-04-06', endsAt: '2026-04-06T13:00:00+02:00' });
    expect(result.explanation.articles).toEqual(['art. 30.1']);
    expect(result.explanation.lines.at(-1)).toBe('Vence el lunes 6 de abril de 2026 a las 13:00 (hora de Madrid).');
  });

  it('ends Tue 7 Apr 13:00 for a Catalonia resident on paper, 6 Apr being inhábil there (C.3, art. 30.6)', () => {
    expect(due('2026-04-01T13:00:00+02:00', '24 horas', { context: SEVILLA_BARCELONA_PAPER }).endsAt).toBe('2026-04-07T13:00:00+02:00');
  });

  it('counts from the trigger minute, dropping its seconds', () => {
    expect(due('2026-03-25T09:15:42.500+01:00', '2 horas').endsAt).toBe('2026-03-25T11:15:00+01:00');
  });

  it('starts at 00:00 of the next día hábil when the trigger falls on an inhábil day', () => {
    const result = due('2026-04-04T18:30:00+02:00', '3 horas');
    expect(result.endsAt).toBe('2026-04-06T03:00:00+02:00');
    expect(result.explanation.skipped.map((s) => s.date)).toEqual(['2026-04-04', '2026-04-05']);
  });

  it('ends at the last millisecond of the day when the hours run out exactly at midnight', () => {
    expect(due('2026-03-25T00:00:00+01:00', '24 horas')).toMatchObject({ date: '2026-03-25', endsAt: '2026-03-25T23:59:59.999+01:00' });
  });
});

describe('computeDue: meses y años (arts. 30.4, 30.5)', () => {
  it.each([
    ['2026-01-31', '1 mes', '2026-03-02', 'C.4.1: no 31 Feb, so Sat 28 Feb (also Día de Andalucía), then Mon 2 Mar'],
    ['2026-03-22', '1 mes', '2026-04-23', 'C.4.2: Wed 22 Apr is the Feria, so Thu 23 Apr'],
    ['2026-11-07', '1 mes', '2026-12-09', 'C.4.3: 7 and 8 Dec are holidays'],
    ['2026-03-31', '1 mes', '2026-04-30', 'C.4.6: no 31 Apr'],
  ])('from %s, %s is due %s (%s)', (from, text, expected) => {
    expect(due(noon(from), text)).toMatchObject({ status: 'FINAL', date: expected });
  });

  it('explains the clamp and the move to the next día hábil (C.4.1)', () => {
    const result = due(noon('2026-01-31'), '1 mes', { triggerKind: 'NOTIFICATION' });
    expect(result.explanation.articles).toEqual(['art. 30.4', 'art. 30.5']);
    expect(result.explanation.lines).toEqual([
      '1 mes desde la notificación del sábado 31 de enero de 2026: vence el mismo día del mes de vencimiento (art. 30.4).',
      'Febrero de 2026 no tiene día 31: vence el último día del mes, el sábado 28 de febrero de 2026 (art. 30.4).',
      'El último día es inhábil: el plazo pasa al primer día hábil siguiente (art. 30.5).',
      'Se omite el sábado 28 de febrero de 2026: fin de semana; Día de Andalucía (Andalucía, Decreto 101/2025, de 14 de mayo).',
      'Se omite el domingo 1 de marzo de 2026: fin de semana.',
      'Vence el lunes 2 de marzo de 2026 a las 23:59:59 (hora de Madrid).',
    ]);
  });

  it('crosses the year: 1 month from Tue 15 Dec 2026 → Fri 15 Jan 2027, FINAL only with 2027 loaded (C.4.4)', () => {
    expect(due(noon('2026-12-15'), '1 mes')).toMatchObject({ status: 'PROVISIONAL', date: '2027-01-15' });
    expect(due(noon('2026-12-15'), '1 mes', { set: WITH_2027 })).toMatchObject({ status: 'FINAL', date: '2027-01-15' });
  });

  it('fails closed on 3 months from Mon 30 Nov 2026: Sun 28 Feb 2027, so Mon 1 Mar, PROVISIONAL without 2027 (C.4.5)', () => {
    const result = due(noon('2026-11-30'), '3 meses');
    expect(result).toMatchObject({ status: 'PROVISIONAL', date: '2027-03-01' });
    // Had Andalucía moved Día de Andalucía to Mon 1 Mar 2027, the date would be Tue 2 Mar.
    expect(due(noon('2026-11-30'), '3 meses', { set: WITH_2027 })).toMatchObject({ status: 'FINAL', date: '2027-03-02' });
  });

  it('counts a year as 12 months on a leap day: 29 Feb 2028 + 1 año → Mon 28 Feb 2029, PROVISIONAL (C.4.6)', () => {
    const result = due(noon('2028-02-29'), '1 año');
    expect(result).toMatchObject({ status: 'PROVISIONAL', date: '2029-02-28' });
    expect(result.explanation.calendars.map((c) => `${c.year} ${c.territory} ${c.status}`)).toEqual([
      '2029 ES MISSING',
      '2029 ES-AN MISSING',
      '2029 41091 MISSING',
    ]);
  });
});

describe('computeDue: días naturales (art. 30.2, 30.5)', () => {
  it('moves 15 días naturales from Thu 19 Mar 2026 off Viernes Santo and the weekend to Mon 6 Apr (C.5)', () => {
    const result = due(noon('2026-03-19'), '15 días naturales');
    expect(result).toMatchObject({ status: 'FINAL', date: '2026-04-06' });
    expect(result.explanation.articles).toEqual(['art. 30.2', 'art. 30.5']);
    expect(result.explanation.skipped.map((s) => s.date)).toEqual(['2026-04-03', '2026-04-04', '2026-04-05']);
  });

  it('stops on Fri 3 Apr when the policy does not extend natural days', () => {
    const result = due(noon('2026-03-19'), '15 días naturales', { policy: { extendNaturalDaysOnInhabil: false } });
    expect(result.date).toBe('2026-04-03');
    expect(result.explanation.articles).toEqual(['art. 30.2']);
    expect(result.explanation.skipped).toEqual([]);
  });
});

describe('computeDue: refusals', () => {
  const request = { trigger: noon('2026-03-25'), duration: { value: 10, unit: 'DIAS_HABILES' as const }, context: SEVILLA_ORGAN };

  it.each([
    [{ ...request, trigger: '2026-03-25T10:00' }, 'not an ISO instant with an offset'],
    [{ ...request, trigger: 'mañana' }, 'not an ISO instant'],
    [{ ...request, duration: { value: 0, unit: 'DIAS_HABILES' as const } }, 'positive whole number'],
    [{ ...request, duration: { value: 2.5, unit: 'MESES' as const } }, 'positive whole number'],
    [{ ...request, duration: { value: 48, unit: 'HORAS' as const } }, 'at most 24 hours (art. 30.1)'],
    [{ ...request, duration: { value: 1_000_000, unit: 'DIAS_HABILES' as const } }, 'beyond any legal plazo'],
    [{ ...request, duration: { value: 3, unit: 'SEMANAS' as unknown as 'MESES' } }, 'unknown unit "SEMANAS"'],
    [{ ...request, context: { ...SEVILLA_ORGAN, timeZone: 'Europe/Lisbon' as unknown as 'Europe/Madrid' } }, 'Europe/Madrid or Atlantic/Canary'],
    [{ ...request, context: { ...SEVILLA_ORGAN, seat: { community: 'Andalucía', municipality: null } } }, "the seat's community must be an ISO 3166-2 code"],
    [
      { ...request, context: { ...SEVILLA_ORGAN, seat: { community: 'ES-AN', municipality: 'Sevilla' } } },
      "the seat's municipality must be a five-digit INE code",
    ],
    [{ ...request, context: { ...SEVILLA_BARCELONA_PAPER, residence: { community: 'CT', municipality: null } } }, "the residence's community"],
  ])('refuses %j', (bad, fragment) => {
    const result = computeDue(bad, SET_2026);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(fragment);
  });
});
