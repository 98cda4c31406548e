import { describe, expect, it } from 'vitest';
import { SET_2026, SEVILLA_ORGAN } from '../calendar/test-calendars.ts';
import type { DueDate } from '../types.ts';
import { caducidadWarningDue, expiryOutcome, silenceCertificateDue, type ExpiryInput } from './expiry.ts';
import { maximumPlazo } from './maximum-plazo.ts';
import type { Suspension } from './types.ts';

function maxDue(start: string, suspensions: Suspension[] = []): DueDate {
  const result = maximumPlazo({ start, plazo: { value: 3, unit: 'MESES' }, suspensions, extensions: [], context: SEVILLA_ORGAN }, SET_2026);
  if (!result.ok || !result.value.due) throw new Error('no due date');
  return result.value.due;
}

/** C.11: a regulated 3-month procedure with positive silence, application entered Mon 15 Jun 2026: due Tue 15 Sep. */
const SEP_15 = maxDue('2026-06-15T10:00:00+02:00');
const solicitud = (overrides: Partial<ExpiryInput>): ExpiryInput => ({
  initiation: 'SOLICITUD',
  effect: 'SILENCIO_POSITIVO',
  due: SEP_15,
  notifiedAt: null,
  now: '2026-09-16T09:00:00+02:00',
  ...overrides,
});

describe('the outcome of the maximum plazo (arts. 21, 24, 25, 40.4, 43.3; eni-legal-time C.8, C.11, C.12)', () => {
  it('C.11: with nothing made available by Tue 15 Sep, the application is estimated from 00:00 of Wed 16 Sep 2026 (art. 24.1)', () => {
    expect(SEP_15).toMatchObject({ date: '2026-09-15', status: 'FINAL' });
    const outcome = expiryOutcome(solicitud({}));
    expect(outcome).toMatchObject({
      ok: true,
      value: { kind: 'SILENCIO_POSITIVO', effectiveFrom: '2026-09-16T00:00:00+02:00', laterResolution: 'CONFIRM_ONLY' },
    });
    expect(outcome.ok && outcome.value.lines.join('\n')).toContain('estimada por silencio administrativo desde el miércoles 16 de septiembre de 2026');
  });

  it('is PENDING until the last millisecond of the due date in the sede zone', () => {
    expect(expiryOutcome(solicitud({ now: '2026-09-15T23:59:59.999+02:00' }))).toMatchObject({ ok: true, value: { kind: 'PENDING', effectiveFrom: null } });
    expect(expiryOutcome(solicitud({ now: '2026-09-15T22:00:00Z' }))).toMatchObject({ ok: true, value: { kind: 'SILENCIO_POSITIVO' } });
  });

  it('is IN_TIME on the puesta a disposición instant even when the interested party opened it after the end (arts. 40.4, 43.3)', () => {
    const outcome = expiryOutcome(
      solicitud({ notifiedAt: '2026-09-15T23:58:00+02:00', accessedAt: '2026-09-22T10:00:00+02:00', now: '2026-09-25T10:00:00+02:00' }),
    );
    expect(outcome).toMatchObject({ ok: true, value: { kind: 'IN_TIME', effectiveFrom: null, laterResolution: null } });
    expect(outcome.ok && outcome.value.lines.join('\n')).toContain('El acceso del interesado no cuenta para el plazo');
  });

  it('is IN_TIME as soon as the resolution is made available, before the plazo ends', () => {
    expect(expiryOutcome(solicitud({ notifiedAt: '2026-09-01T12:00:00+02:00', now: '2026-09-02T10:00:00+02:00' }))).toMatchObject({
      ok: true,
      value: { kind: 'IN_TIME' },
    });
  });

  it('does not count a puesta a disposición one second after the end: the silence has been produced', () => {
    const outcome = expiryOutcome(solicitud({ notifiedAt: '2026-09-16T00:00:01+02:00' }));
    expect(outcome).toMatchObject({ ok: true, value: { kind: 'SILENCIO_POSITIVO' } });
    expect(outcome.ok && outcome.value.lines[0]).toContain('La notificación llegó tarde');
  });

  it('gives a negative silence when the procedure states it, for applications (art. 24.1) and de oficio procedures (art. 25.1.a)', () => {
    expect(expiryOutcome(solicitud({ effect: 'SILENCIO_NEGATIVO' }))).toMatchObject({
      ok: true,
      value: { kind: 'SILENCIO_NEGATIVO', laterResolution: 'FREE' },
    });
    const oficio = expiryOutcome(solicitud({ initiation: 'OFICIO', effect: 'SILENCIO_NEGATIVO' }));
    expect(oficio).toMatchObject({ ok: true, value: { kind: 'SILENCIO_NEGATIVO', articles: expect.arrayContaining(['art. 25.1.a']) } });
  });

  it('never infers a sense the procedure does not state: NO_DECLARADO only warns', () => {
    expect(expiryOutcome(solicitud({ effect: 'NO_DECLARADO' }))).toMatchObject({
      ok: true,
      value: { kind: 'NO_DECLARADO', effectiveFrom: null, laterResolution: null },
    });
  });

  it('C.12 example 2: a sanctioning procedure of 15 Jan with a recusación 2→13 Mar lapses after Mon 27 Apr 2026 and blocks a resolution on the merits (art. 25.1.b)', () => {
    const due = maxDue('2026-01-15', [{ id: 'r', cause: '22.2.c', startedAt: '2026-03-02', endedAt: '2026-03-13', note: 'recusación del instructor' }]);
    const input: ExpiryInput = { initiation: 'OFICIO', effect: 'CADUCIDAD', due, notifiedAt: null, now: '2026-04-27T23:00:00+02:00' };
    expect(expiryOutcome(input)).toMatchObject({ ok: true, value: { kind: 'PENDING' } });
    const lapsed = expiryOutcome({ ...input, now: '2026-04-28T08:00:00+02:00' });
    expect(lapsed).toMatchObject({
      ok: true,
      value: { kind: 'CADUCIDAD', effectiveFrom: '2026-04-28T00:00:00+02:00', laterResolution: 'DECLARE_CADUCIDAD_ONLY' },
    });
  });

  it('never declares anything on a PROVISIONAL due date (fail closed): 30 Nov 2026 + 3 months without 2027 calendars', () => {
    const provisional = maxDue('2026-11-30');
    expect(provisional.status).toBe('PROVISIONAL');
    const input: ExpiryInput = { initiation: 'OFICIO', effect: 'CADUCIDAD', due: provisional, notifiedAt: null, now: '2027-06-01T10:00:00+02:00' };
    expect(expiryOutcome(input)).toMatchObject({ ok: true, value: { kind: 'NOT_DECIDABLE', effectiveFrom: null, laterResolution: null } });
    expect(expiryOutcome(solicitud({ due: provisional, now: '2027-06-01T10:00:00+02:00' }))).toMatchObject({ ok: true, value: { kind: 'NOT_DECIDABLE' } });
  });

  it('refuses a positive silence for a de oficio procedure and caducidad by expiry for a requested one', () => {
    expect(expiryOutcome(solicitud({ initiation: 'OFICIO' }))).toMatchObject({ ok: false, message: expect.stringContaining('art. 25.1.a') });
    expect(expiryOutcome(solicitud({ effect: 'CADUCIDAD' }))).toMatchObject({ ok: false, message: expect.stringContaining('art. 95.1') });
    expect(expiryOutcome(solicitud({ now: 'mañana' }))).toMatchObject({ ok: false });
  });
});

describe('the certificate of silence (art. 24.4) and the caducidad warning (art. 95.1)', () => {
  it('C.11: the certificate is due 15 días hábiles after the expiry of Tue 15 Sep 2026: Tue 6 Oct 2026', () => {
    const due = silenceCertificateDue({ expiredOn: SEP_15, context: SEVILLA_ORGAN }, SET_2026);
    expect(due).toMatchObject({ ok: true, value: { date: '2026-10-06', status: 'FINAL' } });
    expect(due.ok && due.value.explanation.articles).toContain('art. 24.4');
  });

  it('keeps the certificate date PROVISIONAL when the expiry date is', () => {
    const provisional: DueDate = { ...SEP_15, status: 'PROVISIONAL' };
    expect(silenceCertificateDue({ expiredOn: provisional, context: SEVILLA_ORGAN }, SET_2026)).toMatchObject({ ok: true, value: { status: 'PROVISIONAL' } });
  });

  it('C.12 example 1: a warning notified Tue 10 Feb 2026 runs to Sun 10 May, so Mon 11 May; the archive may be agreed from 12 May', () => {
    const warning = caducidadWarningDue({ warningNotifiedAt: '2026-02-10T10:00:00+01:00', context: SEVILLA_ORGAN }, SET_2026);
    expect(warning).toMatchObject({ ok: true, value: { due: { date: '2026-05-11', status: 'FINAL' }, archiveFrom: '2026-05-12' } });
    expect(warning.ok && warning.value.due.explanation.lines.at(-1)).toBe(
      'Desde el martes 12 de mayo de 2026 puede acordarse el archivo por resolución notificada (art. 95.1).',
    );
  });
});
