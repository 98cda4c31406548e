import { describe, expect, it } from 'vitest';
import { formatLegalDuration, parseLegalDuration } from './parse-legal-duration.ts';
import type { LegalDuration } from './types.ts';

describe('parseLegalDuration', () => {
  it.each<[string, LegalDuration]>([
    ['10 días hábiles', { value: 10, unit: 'DIAS_HABILES' }],
    ['10 dias habiles', { value: 10, unit: 'DIAS_HABILES' }],
    ['10 DÍAS HÁBILES', { value: 10, unit: 'DIAS_HABILES' }],
    ['1 día hábil', { value: 1, unit: 'DIAS_HABILES' }],
    ['1 dia habil', { value: 1, unit: 'DIAS_HABILES' }],
    ['24 horas', { value: 24, unit: 'HORAS' }],
    ['1 hora', { value: 1, unit: 'HORAS' }],
    ['15 días naturales', { value: 15, unit: 'DIAS_NATURALES' }],
    ['15 Dias Naturales', { value: 15, unit: 'DIAS_NATURALES' }],
    ['1 día natural', { value: 1, unit: 'DIAS_NATURALES' }],
    ['1 mes', { value: 1, unit: 'MESES' }],
    ['3 meses', { value: 3, unit: 'MESES' }],
    ['1 año', { value: 1, unit: 'ANOS' }],
    ['2 años', { value: 2, unit: 'ANOS' }],
    ['2 anos', { value: 2, unit: 'ANOS' }],
    ['  6   meses ', { value: 6, unit: 'MESES' }],
  ])('reads "%s"', (text, expected) => {
    expect(parseLegalDuration(text)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['10 días', 'is not a legal duration'],
    ['diez días hábiles', 'is not a legal duration'],
    ['10 semanas', 'is not a legal duration'],
    ['P10D', 'is not a legal duration'],
    ['', 'is not a legal duration'],
    ['1.5 horas', 'is not a legal duration'],
    ['-3 meses', 'is not a legal duration'],
    ['0 días hábiles', 'positive whole number'],
    ['0 horas', 'positive whole number'],
    ['25 horas', 'at most 24 hours (art. 30.1)'],
    ['48 horas', 'at most 24 hours (art. 30.1)'],
    ['1 meses', 'write "1 mes"'],
    ['3 mes', 'write "3 meses"'],
    ['2 día hábil', 'write "2 días hábiles"'],
  ])('refuses "%s"', (text, fragment) => {
    const result = parseLegalDuration(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(fragment);
  });

  it('lists the accepted forms when it refuses an unknown unit', () => {
    const result = parseLegalDuration('10 lunas');
    expect(result.ok).toBe(false);
    if (!result.ok) for (const form of ['días hábiles', 'días naturales', 'horas', 'meses', 'años']) expect(result.message).toContain(form);
  });
});

describe('formatLegalDuration', () => {
  it.each<[LegalDuration, string]>([
    [{ value: 10, unit: 'DIAS_HABILES' }, '10 días hábiles'],
    [{ value: 1, unit: 'DIAS_HABILES' }, '1 día hábil'],
    [{ value: 15, unit: 'DIAS_NATURALES' }, '15 días naturales'],
    [{ value: 1, unit: 'HORAS' }, '1 hora'],
    [{ value: 24, unit: 'HORAS' }, '24 horas'],
    [{ value: 1, unit: 'MESES' }, '1 mes'],
    [{ value: 3, unit: 'MESES' }, '3 meses'],
    [{ value: 1, unit: 'ANOS' }, '1 año'],
    [{ value: 2, unit: 'ANOS' }, '2 años'],
  ])('writes %j as "%s", which reads back the same', (duration, text) => {
    expect(formatLegalDuration(duration)).toBe(text);
    expect(parseLegalDuration(text)).toEqual({ ok: true, value: duration });
  });
});
