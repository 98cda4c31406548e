import { describe, expect, it } from 'vitest';
import { DomainError } from '@tramita/kernel';
import { assertFitsAmong, assertInteresadosOpen, historyEntry, Interesado, MAX_INTERESADOS, type InteresadoDetails } from './interesado.ts';

const agat = { username: 'agat', displayName: 'Gat Alba, Antonio' };
const at = new Date('2026-03-01T10:00:00.000Z');
const address = { street: 'Calle Mayor 1', postalCode: '28013', municipality: 'Madrid', province: 'Madrid', country: 'ES' };
const person = (overrides: Partial<InteresadoDetails> = {}): InteresadoDetails => ({
  document: '12.345.678-z',
  name: 'Pérez Gil, Ana',
  role: 'solicitante',
  channel: 'electronic',
  email: 'ana@example.org',
  phone: null,
  address: null,
  ...overrides,
});
const add = (details: InteresadoDetails = person()) => Interesado.add({ fileCode: 'EXP-1', organism: 'L01280796', details, by: agat, at });

function refusal(run: () => unknown): { code: string; category: string; field?: unknown } {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, category: error.category, field: error.details?.field };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('Interesado', () => {
  it('keeps the document normalised, tells its kind and starts at version 1', () => {
    const interesado = add();
    expect(interesado.state).toMatchObject({ document: '12345678Z', documentKind: 'NIF', version: 1, addedBy: agat, updatedAt: at });
    expect(add(person({ document: 'x1234567l' })).state.documentKind).toBe('NIE');
    expect(add(person({ document: 'B65410011', name: 'Obras Ejemplo, S.L.' })).state.documentKind).toBe('CIF');
  });

  it('refuses a document whose check character is wrong, naming the field', () => {
    expect(refusal(() => add(person({ document: '12345678A' })))).toEqual({ code: 'invalid-document', category: 'validation', field: 'document' });
    expect(refusal(() => add(person({ document: 'B65410012' })))).toMatchObject({ code: 'invalid-document', field: 'document' });
  });

  it('requires a legal person to be notified electronically (art. 14.2.a)', () => {
    expect(refusal(() => add(person({ document: 'B65410011', channel: 'postal', address })))).toEqual({
      code: 'electronic-channel-required',
      category: 'validation',
      field: 'channel',
    });
  });

  it('needs an email for the electronic channel and an address for the postal one', () => {
    expect(refusal(() => add(person({ email: null })))).toMatchObject({ code: 'email-required', field: 'email' });
    expect(refusal(() => add(person({ channel: 'postal', email: null })))).toMatchObject({ code: 'address-required', field: 'address' });
    expect(add(person({ channel: 'postal', email: null, address })).state.address).toEqual(address);
  });

  it('changes with the version it was read at, and not at all when nothing differs', () => {
    const interesado = add();
    expect(refusal(() => interesado.change(person({ name: 'Otra' }), agat, at, 2))).toMatchObject({ code: 'version-conflict', category: 'conflict' });
    expect(interesado.change(person(), agat, at, 1)).toBe(false);
    expect(interesado.version).toBe(1);
    const later = new Date('2026-03-02T10:00:00.000Z');
    expect(interesado.change(person({ role: 'representante' }), { username: 'eva', displayName: 'Eva' }, later, 1)).toBe(true);
    expect(interesado.state).toMatchObject({ role: 'representante', version: 2, updatedAt: later, updatedBy: { username: 'eva' }, addedAt: at });
    expect(refusal(() => interesado.change(person({ document: 'B65410011', channel: 'postal', address }), agat, at, 2))).toMatchObject({
      code: 'electronic-channel-required',
    });
  });

  it('appears once per expediente and at most MAX_INTERESADOS times', () => {
    const first = add();
    expect(refusal(() => assertFitsAmong(add(person({ document: '12345678-Z' })), [first]))).toEqual({
      code: 'interesado-duplicate',
      category: 'conflict',
      field: 'document',
    });
    // changing itself is not a duplicate of itself
    expect(() => assertFitsAmong(first, [first])).not.toThrow();
    const full = Array.from({ length: MAX_INTERESADOS }, (_, i) =>
      add(person({ document: `${String(i).padStart(8, '0')}${'TRWAGMYFPDXBNJZSQVHLCKE'.charAt(i % 23)}` })),
    );
    expect(refusal(() => assertFitsAmong(first, full))).toMatchObject({ code: 'too-many-interesados', category: 'conflict' });
  });

  it('belongs only to its own expediente', () => {
    const interesado = add();
    expect(interesado.belongsTo({ code: 'EXP-1', organism: 'L01280796' })).toBe(true);
    expect(interesado.belongsTo({ code: 'EXP-1', organism: 'A01002820' })).toBe(false);
    expect(interesado.belongsTo({ code: 'EXP-2', organism: 'L01280796' })).toBe(false);
  });

  it('closes with the expediente', () => {
    expect(() => assertInteresadosOpen({ code: 'EXP-1', status: 'active' })).not.toThrow();
    expect(refusal(() => assertInteresadosOpen({ code: 'EXP-1', status: 'finished' }))).toMatchObject({ code: 'file-finished', category: 'illegal-state' });
  });

  it('writes history rows with the statement before and after', () => {
    const interesado = add();
    const before = Interesado.restore(interesado.state);
    interesado.change(person({ phone: '+34 600 000 000' }), agat, at, 1);
    const entry = historyEntry('changed', before, interesado, agat, at);
    expect(entry).toMatchObject({ interesadoId: interesado.id, fileCode: 'EXP-1', organism: 'L01280796', change: 'changed', by: agat });
    expect(entry.before?.phone).toBeNull();
    expect(entry.after?.phone).toBe('+34 600 000 000');
    expect(historyEntry('removed', interesado, null, agat, at)).toMatchObject({ change: 'removed', after: null, before: { version: 2 } });
  });
});
