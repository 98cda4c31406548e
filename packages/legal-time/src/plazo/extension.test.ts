import { describe, expect, it } from 'vitest';
import { SET_2026, SEVILLA_ORGAN } from '../calendar/test-calendars.ts';
import type { DueDate } from '../types.ts';
import { extendedTramiteDue } from './extension.ts';
import { automaticExtension, checkExtension, maxExtension } from './extension-limits.ts';
import type { Extension, PlazoSpec } from './types.ts';

/** C.2 example 1: 10 días hábiles from the notification accessed on Wed 25 Mar 2026, due Fri 10 Apr. */
const SUBSANACION: PlazoSpec = { trigger: '2026-03-25T11:00:00+01:00', duration: { value: 10, unit: 'DIAS_HABILES' } };
const DUE_10_APR: Pick<DueDate, 'date' | 'endsAt'> = { date: '2026-04-10', endsAt: '2026-04-10T23:59:59.999+02:00' };
const NOW = '2026-04-20T10:00:00+02:00';

const extension = (
  article: Extension['article'],
  value: number,
  unit: Extension['duration']['unit'],
  decidedAt: string,
  requestedAt: string | null = null,
): Extension => ({
  id: 'ext',
  article,
  duration: { value, unit },
  requestedAt,
  decidedAt,
});

describe('extension limits (arts. 23, 32, 68.2; eni-legal-time C.10)', () => {
  it('art. 32.1: at most half the plazo, rounded down, in the same unit', () => {
    expect(maxExtension(SUBSANACION, '32')).toEqual({ ok: true, value: { value: 5, unit: 'DIAS_HABILES' } });
    const fifteen: PlazoSpec = { ...SUBSANACION, duration: { value: 15, unit: 'DIAS_HABILES' } };
    expect(maxExtension(fifteen, '32')).toEqual({ ok: true, value: { value: 7, unit: 'DIAS_HABILES' } });
    expect(checkExtension(fifteen, DUE_10_APR, extension('32', 7, 'DIAS_HABILES', '2026-04-09'), NOW).ok).toBe(true);
    expect(checkExtension(fifteen, DUE_10_APR, extension('32', 8, 'DIAS_HABILES', '2026-04-09'), NOW)).toMatchObject({
      ok: false,
      message: expect.stringContaining('art. 32.1'),
    });
  });

  it('art. 32.1 for months: half the natural days the plazo lasts, rounded down, in días naturales (1 month from 31 Jan 2026 lasts 28 days: 14)', () => {
    const month: PlazoSpec = { trigger: '2026-01-31T09:00:00+01:00', duration: { value: 1, unit: 'MESES' } };
    const due: Pick<DueDate, 'date' | 'endsAt'> = { date: '2026-03-02', endsAt: '2026-03-02T23:59:59.999+01:00' };
    expect(maxExtension(month, '32')).toEqual({ ok: true, value: { value: 14, unit: 'DIAS_NATURALES' } });
    expect(checkExtension(month, due, extension('32', 15, 'DIAS_NATURALES', '2026-02-20'), NOW)).toMatchObject({ ok: false });
    expect(checkExtension(month, due, extension('32', 1, 'MESES', '2026-02-20'), NOW)).toMatchObject({
      ok: false,
      message: expect.stringContaining('días naturales'),
    });
  });

  it('art. 32.2: residents abroad get the maximum half automatically', () => {
    expect(automaticExtension(SUBSANACION)).toEqual({ ok: true, value: { value: 5, unit: 'DIAS_HABILES' } });
    expect(automaticExtension({ trigger: '2026-03-15', duration: { value: 1, unit: 'MESES' } })).toEqual({
      ok: true,
      value: { value: 15, unit: 'DIAS_NATURALES' },
    });
  });

  it('art. 68.2: a subsanación may be extended by 5 días at most', () => {
    expect(checkExtension(SUBSANACION, DUE_10_APR, extension('68.2', 5, 'DIAS_HABILES', '2026-04-10', '2026-04-09'), NOW).ok).toBe(true);
    expect(checkExtension(SUBSANACION, DUE_10_APR, extension('68.2', 6, 'DIAS_HABILES', '2026-04-10', '2026-04-09'), NOW)).toMatchObject({
      ok: false,
      message: expect.stringContaining('art. 68.2'),
    });
  });

  it('art. 23: the maximum plazo may be extended by no more than the original plazo', () => {
    const maximum: PlazoSpec = { trigger: '2026-03-02', duration: { value: 3, unit: 'MESES' } };
    const due: Pick<DueDate, 'date' | 'endsAt'> = { date: '2026-06-02', endsAt: '2026-06-02T23:59:59.999+02:00' };
    expect(checkExtension(maximum, due, extension('23', 3, 'MESES', '2026-05-20'), null).ok).toBe(true);
    expect(checkExtension(maximum, due, extension('23', 4, 'MESES', '2026-05-20'), null)).toMatchObject({
      ok: false,
      message: expect.stringContaining('art. 23.1'),
    });
    expect(checkExtension(maximum, due, extension('23', 3, 'MESES', '2026-06-03'), '2026-06-10')).toMatchObject({ ok: false });
  });

  it('art. 32.3: a request or a decision after expiry is refused, judged on the sede clock to the millisecond', () => {
    expect(checkExtension(SUBSANACION, DUE_10_APR, extension('32', 5, 'DIAS_HABILES', '2026-04-10T23:59:00+02:00'), NOW).ok).toBe(true);
    expect(checkExtension(SUBSANACION, DUE_10_APR, extension('32', 5, 'DIAS_HABILES', '2026-04-11T00:00:30+02:00'), NOW)).toMatchObject({
      ok: false,
      message: expect.stringContaining('art. 32.3'),
    });
    expect(checkExtension(SUBSANACION, DUE_10_APR, extension('32', 5, 'DIAS_HABILES', '2026-04-11', '2026-04-11'), NOW)).toMatchObject({
      ok: false,
      message: expect.stringContaining('requested after the plazo expired'),
    });
  });

  it('refuses a decision before its request, or dated after now', () => {
    expect(checkExtension(SUBSANACION, DUE_10_APR, extension('32', 5, 'DIAS_HABILES', '2026-04-08', '2026-04-09'), NOW)).toMatchObject({ ok: false });
    expect(checkExtension(SUBSANACION, DUE_10_APR, extension('32', 5, 'DIAS_HABILES', '2026-04-09'), '2026-04-08T12:00:00+02:00')).toMatchObject({ ok: false });
  });
});

describe('a trámite plazo extended (arts. 32, 68.2; eni-legal-time C.10)', () => {
  it('C.10: 10 días hábiles due Fri 10 Apr, requested Thu 9 and decided Fri 10 Apr, extended by 5 to Fri 17 Apr 2026', () => {
    const result = extendedTramiteDue(
      { plazo: SUBSANACION, extension: extension('68.2', 5, 'DIAS_HABILES', '2026-04-10', '2026-04-09'), context: SEVILLA_ORGAN, now: NOW },
      SET_2026,
    );
    if (!result.ok) throw new Error(result.message);
    expect(result.value.original.date).toBe('2026-04-10');
    expect(result.value.due).toMatchObject({ date: '2026-04-17', status: 'FINAL', endsAt: '2026-04-17T23:59:59.999+02:00' });
    expect(result.value.due.explanation.lines[0]).toBe(
      'Ampliación de 5 días hábiles (art. 68.2, a solicitud del interesado) acordada el viernes 10 de abril de 2026, antes del vencimiento del viernes 10 de abril de 2026.',
    );
    expect(result.value.due.explanation.lines.at(-1)).toBe('Con la ampliación vence el viernes 17 de abril de 2026.');
  });

  it('C.10: a decision dated Mon 13 Apr is refused: the plazo expired on 10 Apr (art. 32.3)', () => {
    const result = extendedTramiteDue(
      { plazo: SUBSANACION, extension: extension('32', 5, 'DIAS_HABILES', '2026-04-13', '2026-04-09'), context: SEVILLA_ORGAN, now: NOW },
      SET_2026,
    );
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('after the plazo expired on 2026-04-10') });
  });

  it('extends a plazo in months by días naturales after its art. 30.4 day: 1 month from 31 Jan (28 Feb) + 14 = Sat 14 Mar, so Mon 16 Mar', () => {
    const month: PlazoSpec = { trigger: '2026-01-31T09:00:00+01:00', duration: { value: 1, unit: 'MESES' } };
    const result = extendedTramiteDue(
      { plazo: month, extension: extension('32', 14, 'DIAS_NATURALES', '2026-02-20'), context: SEVILLA_ORGAN, now: NOW },
      SET_2026,
    );
    if (!result.ok) throw new Error(result.message);
    expect(result.value.original.date).toBe('2026-03-02');
    expect(result.value.due.date).toBe('2026-03-16');
  });

  it('refuses art. 23 here: that extends the maximum plazo', () => {
    const result = extendedTramiteDue(
      { plazo: SUBSANACION, extension: extension('23', 5, 'DIAS_HABILES', '2026-04-01'), context: SEVILLA_ORGAN, now: NOW },
      SET_2026,
    );
    expect(result).toMatchObject({ ok: false });
  });
});
