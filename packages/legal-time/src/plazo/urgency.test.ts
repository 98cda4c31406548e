import { describe, expect, it } from 'vitest';
import { audienciaBounds, checkAudiencia, urgentPlazo } from './urgency.ts';

describe('tramitación de urgencia (art. 33.1) and the audiencia bounds (art. 82.2)', () => {
  it('halves ordinary plazos, rounding odd numbers up in favour of the interested party (art. 33.1)', () => {
    const halve = (value: number) => {
      const r = urgentPlazo({ duration: { value, unit: 'DIAS_HABILES' }, kind: 'ORDINARIO' });
      return r.ok ? r.value.duration.value : null;
    };
    expect([halve(10), halve(15), halve(7), halve(1)]).toEqual([5, 8, 4, 1]);
  });

  it('does not halve the plazos to file applications or recursos (art. 33.1)', () => {
    const recurso = urgentPlazo({ duration: { value: 1, unit: 'MESES' }, kind: 'RECURSO' });
    const solicitud = urgentPlazo({ duration: { value: 15, unit: 'DIAS_HABILES' }, kind: 'PRESENTACION_SOLICITUD' });
    expect(recurso).toMatchObject({ ok: true, value: { duration: { value: 1, unit: 'MESES' }, halved: false } });
    expect(solicitud).toMatchObject({ ok: true, value: { duration: { value: 15, unit: 'DIAS_HABILES' }, halved: false } });
  });

  it('halves an even number of months in months, and an odd one in the natural days it lasts, rounded up', () => {
    expect(urgentPlazo({ duration: { value: 6, unit: 'MESES' }, kind: 'ORDINARIO' })).toMatchObject({
      ok: true,
      value: { duration: { value: 3, unit: 'MESES' } },
    });
    expect(urgentPlazo({ duration: { value: 1, unit: 'ANOS' }, kind: 'ORDINARIO' })).toMatchObject({
      ok: true,
      value: { duration: { value: 6, unit: 'MESES' } },
    });
    // 1 month from 15 Mar 2026 lasts 31 days: half is 15.5, rounded up to 16.
    const odd = urgentPlazo({ duration: { value: 1, unit: 'MESES' }, kind: 'ORDINARIO', triggerDate: '2026-03-15' });
    expect(odd).toMatchObject({ ok: true, value: { duration: { value: 16, unit: 'DIAS_NATURALES' } } });
    expect(urgentPlazo({ duration: { value: 3, unit: 'MESES' }, kind: 'ORDINARIO' })).toMatchObject({ ok: false });
  });

  it('explains the halving in Spanish, citing art. 33.1', () => {
    const r = urgentPlazo({ duration: { value: 15, unit: 'DIAS_HABILES' }, kind: 'ORDINARIO' });
    expect(r.ok && r.value.line).toBe(
      'Tramitación de urgencia: el plazo de 15 días hábiles se reduce a la mitad, redondeando al alza: 8 días hábiles (art. 33.1).',
    );
  });

  it('bounds the audiencia between 10 and 15 días hábiles, and between 5 and 8 under urgency (arts. 82.2, 33.1)', () => {
    expect(audienciaBounds()).toEqual({ min: { value: 10, unit: 'DIAS_HABILES' }, max: { value: 15, unit: 'DIAS_HABILES' } });
    expect([9, 10, 15, 16].map((value) => checkAudiencia({ value, unit: 'DIAS_HABILES' }).ok)).toEqual([false, true, true, false]);
    expect([4, 5, 8, 9].map((value) => checkAudiencia({ value, unit: 'DIAS_HABILES' }, true).ok)).toEqual([false, true, true, false]);
    expect(checkAudiencia({ value: 12, unit: 'DIAS_NATURALES' })).toMatchObject({ ok: false });
  });
});
