import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { calendarSet } from '../calendar/calendar-set.ts';
import { NATIONAL_2027, SET_2026, SEVILLA_2027, SEVILLA_ORGAN, SHIPPED_2026, fixtureDataset } from '../calendar/test-calendars.ts';
import { computeDue } from '../count/compute-due.ts';
import type { LegalDuration } from '../types.ts';
import { maximumPlazo, type MaximumPlazoInput } from './maximum-plazo.ts';
import type { Extension, Suspension } from './types.ts';

const THREE_MONTHS: LegalDuration = { value: 3, unit: 'MESES' };
const suspension = (id: string, cause: Suspension['cause'], startedAt: string, endedAt: string | null): Suspension => ({
  id,
  cause,
  startedAt,
  endedAt,
  note: '',
});
const art23 = (id: string, value: number, decidedAt: string): Extension => ({
  id,
  article: '23',
  duration: { value, unit: 'MESES' },
  requestedAt: null,
  decidedAt,
});

function plazo(overrides: Partial<MaximumPlazoInput>, set = SET_2026) {
  const result = maximumPlazo(
    { start: '2026-03-02T10:00:00+01:00', plazo: THREE_MONTHS, suspensions: [], extensions: [], context: SEVILLA_ORGAN, ...overrides },
    set,
  );
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

describe('the maximum plazo to resolve and notify with suspensions (arts. 21.3, 22, 30.5; eni-legal-time C.9)', () => {
  it('runs 3 months from the registry entry when nothing suspends it (art. 21.3: 2 Mar → 2 Jun 2026)', () => {
    const result = plazo({});
    expect(result).toMatchObject({ state: 'RUNNING', rawDue: '2026-06-02', suspendedDays: 0, due: { date: '2026-06-02', status: 'FINAL' } });
    expect(result.due?.endsAt).toBe('2026-06-02T23:59:59.999+02:00');
  });

  it('C.9 example 1: a 22.1.a requirement from 18 to 30 Mar adds 12 days, 14 Jun is a Sunday, so it ends Mon 15 Jun (arts. 22.1.a, 30.5)', () => {
    const result = plazo({ suspensions: [suspension('req', '22.1.a', '2026-03-18T09:00:00+01:00', '2026-03-30T12:00:00+02:00')] });
    expect(result).toMatchObject({ state: 'RUNNING', suspendedDays: 12, due: { date: '2026-06-15', status: 'FINAL' } });
    expect(result.explanation.lines).toEqual(
      expect.arrayContaining([
        'Suspensión por requerimiento de subsanación o de aportación de documentos (art. 22.1.a) desde el miércoles 18 de marzo de 2026 hasta el lunes 30 de marzo de 2026: 12 días naturales.',
        'Se suman 12 días naturales de suspensión: domingo 14 de junio de 2026 (art. 22).',
        'Se omite el domingo 14 de junio de 2026: fin de semana.',
        'El plazo máximo para resolver y notificar vence el lunes 15 de junio de 2026.',
      ]),
    );
    expect(result.explanation.articles).toEqual(expect.arrayContaining(['art. 21.3', 'art. 22.1.a', 'art. 30.4', 'art. 30.5']));
    expect(result.due?.explanation.skipped.map((d) => d.date)).toEqual(['2026-06-14']);
  });

  it('C.9 example 2: unanswered, the suspension runs to the end of the 10 días hábiles granted (1 Apr), so 14 days and Tue 16 Jun', () => {
    const granted = computeDue({ trigger: '2026-03-18T09:00:00+01:00', duration: { value: 10, unit: 'DIAS_HABILES' }, context: SEVILLA_ORGAN }, SET_2026);
    if (!granted.ok) throw new Error(granted.message);
    expect(granted.value.date).toBe('2026-04-01');
    const result = plazo({ suspensions: [suspension('req', '22.1.a', '2026-03-18', granted.value.date)] });
    expect(result).toMatchObject({ suspendedDays: 14, due: { date: '2026-06-16' } });
  });

  it('C.9 example 3: a 22.1.d report still missing ends the suspension on 10 Jul (3 months), then the plazo runs again (art. 22.1.d)', () => {
    const report = [suspension('report', '22.1.d', '2026-04-10', null)];
    const waiting = plazo({ suspensions: report, now: '2026-07-09T18:00:00+02:00' });
    expect(waiting).toMatchObject({ state: 'SUSPENDED', due: null });
    const resumed = plazo({ suspensions: report, now: '2026-07-10T08:00:00+02:00' });
    expect(resumed.suspensions[0]).toMatchObject({ end: '2026-07-10', capped: true });
    // 2 Jun + 91 days (10 Apr → 10 Jul) = Tue 1 Sep 2026.
    expect(resumed).toMatchObject({ state: 'RUNNING', suspendedDays: 91, due: { date: '2026-09-01' } });
    expect(resumed.explanation.lines.join('\n')).toContain('termina el viernes 10 de julio de 2026 y el procedimiento sigue (art. 22.1.d)');
  });

  it('merges overlapping suspensions: 18→30 Mar and 25 Mar→6 Apr count 19 days, not 24 (art. 22)', () => {
    const result = plazo({
      suspensions: [suspension('req', '22.1.a', '2026-03-18', '2026-03-30'), suspension('recusacion', '22.2.c', '2026-03-25', '2026-04-06')],
    });
    // 2 Jun + 19 = Sun 21 Jun, so Mon 22 Jun.
    expect(result).toMatchObject({ suspendedDays: 19, due: { date: '2026-06-22' } });
    expect(result.intervals).toHaveLength(1);
    expect(result.explanation.lines.join('\n')).toContain('se solapan');
  });

  it('has no due date while a suspension is open, and says since when it is suspended', () => {
    const result = plazo({ suspensions: [suspension('req', '22.1.a', '2026-03-18', '2026-03-30'), suspension('open', '22.2.a', '2026-04-20', null)] });
    expect(result).toMatchObject({ state: 'SUSPENDED', due: null, suspendedDays: 12 });
    expect(result.explanation.lines).toContain('Plazo suspendido desde el lunes 20 de abril de 2026: el vencimiento se conocerá al reanudarse (art. 22).');
  });

  it('C.12 example 2: a sanctioning procedure of 15 Jan ends 15 Apr; a 22.2.c recusación from 2 to 13 Mar moves it to Mon 27 Apr', () => {
    expect(plazo({ start: '2026-01-15' }).due?.date).toBe('2026-04-15');
    const result = plazo({ start: '2026-01-15', suspensions: [suspension('recusacion', '22.2.c', '2026-03-02', '2026-03-13')] });
    expect(result).toMatchObject({ rawDue: '2026-04-15', suspendedDays: 11, due: { date: '2026-04-27', status: 'FINAL' } });
  });

  it('art. 25.2: paralysis attributable to the interested party interrupts the count like a suspension, and is explained as an interruption', () => {
    const open = plazo({ start: '2026-01-15', suspensions: [suspension('paralizado', '25.2', '2026-03-02', null)] });
    expect(open).toMatchObject({ state: 'SUSPENDED', due: null });
    expect(open.explanation.lines).toContain(
      'Interrupción del cómputo por paralización del procedimiento por causa imputable al interesado (art. 25.2) desde el lunes 2 de marzo de 2026, abierta: el plazo está interrumpido.',
    );
    const ended = plazo({ start: '2026-01-15', suspensions: [suspension('paralizado', '25.2', '2026-03-02', '2026-03-13')] });
    expect(ended).toMatchObject({ rawDue: '2026-04-15', suspendedDays: 11, due: { date: '2026-04-27', status: 'FINAL' } });
  });

  it('counts a plazo in días hábiles too (art. 96.6: 30 días), adding the suspension after the count and moving over 22 Apr (Sevilla)', () => {
    const thirty: LegalDuration = { value: 30, unit: 'DIAS_HABILES' };
    expect(plazo({ plazo: thirty }).due?.date).toBe('2026-04-15');
    const result = plazo({ plazo: thirty, suspensions: [suspension('req', '22.1.a', '2026-03-10', '2026-03-17')] });
    // 15 Apr + 7 = Wed 22 Apr, Miércoles de Feria in Sevilla: Thu 23 Apr.
    expect(result.due?.date).toBe('2026-04-23');
    expect(result.due?.explanation.skipped.map((d) => d.date)).toContain('2026-04-22');
  });

  it('refuses a suspension that starts after the plazo expired, or before it started', () => {
    const late = maximumPlazo(
      {
        start: '2026-03-02',
        plazo: THREE_MONTHS,
        suspensions: [suspension('late', '22.1.a', '2026-06-03', '2026-06-10')],
        extensions: [],
        context: SEVILLA_ORGAN,
      },
      SET_2026,
    );
    expect(late).toMatchObject({ ok: false, message: expect.stringContaining('after the maximum plazo expired on 2026-06-02') });
    const early = maximumPlazo(
      {
        start: '2026-03-02',
        plazo: THREE_MONTHS,
        suspensions: [suspension('early', '22.1.a', '2026-02-20', '2026-03-05')],
        extensions: [],
        context: SEVILLA_ORGAN,
      },
      SET_2026,
    );
    expect(early).toMatchObject({ ok: false });
  });

  it('refuses a maximum plazo in hours (art. 21.2)', () => {
    const hours = maximumPlazo({ start: '2026-03-02', plazo: { value: 24, unit: 'HORAS' }, suspensions: [], extensions: [], context: SEVILLA_ORGAN }, SET_2026);
    expect(hours).toMatchObject({ ok: false });
  });

  // The plazo's last day moves by exactly k; art. 30.5 then only moves forward. So the due date lies at
  // least k días naturales after the unsuspended last day, and never before the unsuspended due date. (It
  // may move by less than k from the unsuspended DUE date when art. 30.5 had already moved that one over
  // the same inhábil days: 2 Jan + 3 months = Thu 2 Apr, a holiday, is due Mon 6 Apr with or without 1 day.)
  it('property: a suspension of k days puts the due date at least k días naturales after the plazo end, never earlier than without it (art. 22)', () => {
    const year = Temporal.PlainDate.from('2026-01-01');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 150 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 60 }),
        (offset, months, into, k) => {
          const start = year.add({ days: offset });
          const startedAt = start.add({ days: into }).toString();
          const endedAt = start.add({ days: into + k }).toString();
          const base = plazo({ start: start.toString(), plazo: { value: months, unit: 'MESES' } });
          const moved = plazo({
            start: start.toString(),
            plazo: { value: months, unit: 'MESES' },
            suspensions: [suspension('s', '22.2.c', startedAt, endedAt)],
          });
          if (!base.due || !moved.due) return false;
          const fromEnd = Temporal.PlainDate.from(base.rawDue).until(moved.due.date, { largestUnit: 'days' }).days;
          return moved.suspendedDays === k && fromEnd >= k && Temporal.PlainDate.compare(moved.due.date, base.due.date) >= 0;
        },
      ),
    );
  });

  it('keeps the art. 30.5 move separate from the suspension: 2 Jan + 3 months is Thu 2 Apr (Jueves Santo), so Mon 6 Apr with or without a 1-day suspension', () => {
    expect(plazo({ start: '2026-01-02' }).due?.date).toBe('2026-04-06');
    expect(plazo({ start: '2026-01-02', suspensions: [suspension('s', '22.2.c', '2026-01-02', '2026-01-03')] }).due?.date).toBe('2026-04-06');
  });
});

describe('the maximum plazo extended under art. 23 (eni-legal-time C.10)', () => {
  const start = '2026-11-30T10:00:00+01:00';

  it('computes 3 + 3 months from the ORIGINAL start: raw Sun 30 May 2027, so Mon 31 May, not 28 May; PROVISIONAL without 2027 calendars', () => {
    const result = plazo({ start, extensions: [art23('ampliacion', 3, '2027-02-15')] });
    expect(result).toMatchObject({ rawDue: '2027-05-30', due: { date: '2027-05-31', status: 'PROVISIONAL' } });
    expect(result.explanation.calendars).toEqual(expect.arrayContaining([{ year: 2027, territory: 'ES', version: null, status: 'MISSING' }]));
    expect(result.explanation.lines.join('\n')).toContain('Ampliación del plazo máximo en 3 meses, acordada el lunes 15 de febrero de 2027 (art. 23)');
  });

  it('is FINAL once the 2027 calendars are loaded and verified', () => {
    const andalucia2027 = fixtureDataset('ES-AN', 'Andalucía', 2027, []);
    const set = calendarSet([...SHIPPED_2026, NATIONAL_2027, andalucia2027, SEVILLA_2027]);
    const result = plazo({ start, extensions: [art23('ampliacion', 3, '2027-02-15')] }, set);
    expect(result.due).toMatchObject({ date: '2027-05-31', status: 'FINAL' });
  });

  it('refuses an extension longer than the original plazo, alone or added up (art. 23.1)', () => {
    const context = SEVILLA_ORGAN;
    const one = maximumPlazo({ start, plazo: THREE_MONTHS, suspensions: [], extensions: [art23('a', 4, '2027-02-15')], context }, SET_2026);
    const two = maximumPlazo(
      { start, plazo: THREE_MONTHS, suspensions: [], extensions: [art23('a', 2, '2027-01-15'), art23('b', 2, '2027-02-15')], context },
      SET_2026,
    );
    expect(one).toMatchObject({ ok: false, message: expect.stringContaining('art. 23.1') });
    expect(two).toMatchObject({ ok: false, message: expect.stringContaining('art. 23.1') });
  });

  it('refuses an extension decided after the plazo expired (1 Mar 2027): an expired plazo cannot be extended', () => {
    const result = maximumPlazo({ start, plazo: THREE_MONTHS, suspensions: [], extensions: [art23('a', 3, '2027-03-02')], context: SEVILLA_ORGAN }, SET_2026);
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('after the plazo expired on 2027-03-01') });
  });

  it('counts an extension in years as twelve months each, and refuses one in another unit than the plazo', () => {
    const years: Extension = { id: 'y', article: '23', duration: { value: 1, unit: 'ANOS' }, requestedAt: null, decidedAt: '2026-04-01' };
    expect(plazo({ plazo: { value: 1, unit: 'ANOS' }, extensions: [years] }).rawDue).toBe('2028-03-02');
    const days: Extension = { id: 'd', article: '23', duration: { value: 30, unit: 'DIAS_NATURALES' }, requestedAt: null, decidedAt: '2026-04-01' };
    expect(maximumPlazo({ start, plazo: THREE_MONTHS, suspensions: [], extensions: [days], context: SEVILLA_ORGAN }, SET_2026)).toMatchObject({ ok: false });
  });

  it('refuses an art. 32 extension of the maximum plazo: art. 23 governs it', () => {
    const art32: Extension = { id: 'x', article: '32', duration: { value: 10, unit: 'DIAS_NATURALES' }, requestedAt: null, decidedAt: '2027-01-10' };
    expect(maximumPlazo({ start, plazo: THREE_MONTHS, suspensions: [], extensions: [art32], context: SEVILLA_ORGAN }, SET_2026)).toMatchObject({ ok: false });
  });
});
