import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  checkDocumentoIdentificador,
  checkExpedienteIdentificador,
  checkImportedIdentificador,
  documentoIdentificador,
  expedienteIdentificador,
  isDir3,
  specificId,
  ulid,
} from './identifiers.ts';

const random = (length: number) => new Uint8Array(randomBytes(length));

describe('ENI identifiers', () => {
  it('issues 48-character document and 52-character expediente identifiers of the organ and year', () => {
    const now = new Date('2026-03-02T08:15:00Z');
    const doc = documentoIdentificador('L01410917', 2026, specificId(now, random));
    const exp = expedienteIdentificador('L01410917', 2026, specificId(now, random));
    expect(doc).toMatch(/^ES_L01410917_2026_0000[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(doc).toHaveLength(48);
    expect(exp).toMatch(/^ES_L01410917_2026_EXP_0000[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(exp).toHaveLength(52);
  });

  it('orders ULIDs by time and never repeats one', () => {
    const earlier = ulid(new Date('2026-01-01T00:00:00Z'), random);
    const later = ulid(new Date('2026-01-01T00:00:01Z'), random);
    expect(earlier < later).toBe(true);
    const many = new Set(Array.from({ length: 10_000 }, () => ulid(new Date(), random)));
    expect(many.size).toBe(10_000);
  });

  it('encodes the time as the first ten characters and the 80 random bits as the last sixteen', () => {
    expect(ulid(new Date(0), () => new Uint8Array(10))).toBe('0'.repeat(26));
    expect(ulid(new Date(1469918176385), () => new Uint8Array(10).fill(0xff))).toBe(`01ARYZ6S41${'Z'.repeat(16)}`);
    expect(specificId(new Date(0), () => new Uint8Array(10))).toBe('0'.repeat(30));
    expect(() => ulid(new Date(2 ** 48), random)).toThrow(/does not fit/);
    expect(() => ulid(new Date(0), () => new Uint8Array(9))).toThrow(/wrong number of bytes/);
  });

  it('knows a DIR3 code by its shape', () => {
    expect(['L01410917', 'E00010207', 'A12345678', 'EA0012345'].map(isDir3)).toEqual([true, true, true, true]);
    expect(['l01410917', 'L0141091', 'L014109170', '1L0141091', 'LA014109X', ''].map(isDir3)).toEqual([false, false, false, false, false, false]);
  });

  it('takes the year of the date in its own offset, not in UTC', () => {
    const id = 'ES_L01410917_2027_000000000000000000000000000001';
    expect(checkDocumentoIdentificador(id, { organos: ['L01410917'], fechaCaptura: '2027-01-01T00:30:00+01:00' })).toEqual([]);
    expect(checkDocumentoIdentificador(id, { organos: ['L01410917'], fechaCaptura: '2026-12-31T23:30:00-01:00' })).toHaveLength(1);
  });

  it('refuses to issue an identifier of an organ that is not a DIR3 code', () => {
    expect(() => documentoIdentificador('Sevilla', 2026, specificId(new Date(), random))).toThrow(/Not a valid/);
  });

  it('checks format, length, organ and year of what it issued', () => {
    const id = 'ES_L01410917_2026_000000000000000000000000000001';
    expect(checkDocumentoIdentificador(id, { organos: ['L01410917'], fechaCaptura: '2026-03-02T09:15:00+01:00' })).toEqual([]);
    expect(checkDocumentoIdentificador(id, { organos: ['E00000000'], fechaCaptura: '2026-03-02T09:15:00+01:00' })[0]?.message).toMatch(/órgano/);
    expect(checkDocumentoIdentificador(id, { organos: ['L01410917'], fechaCaptura: '2027-01-01T00:15:00+01:00' })[0]?.message).toMatch(/year/);
    expect(checkDocumentoIdentificador(`${id}X`, { organos: ['L01410917'], fechaCaptura: '2026-03-02T09:15:00+01:00' })).toHaveLength(1);
    expect(
      checkExpedienteIdentificador('ES_L01410917_2026_EXP_000000000000000000000000000042', {
        organos: ['L01410917'],
        fechaApertura: '2026-12-31T23:30:00+01:00',
      }),
    ).toEqual([]);
  });

  it("accepts another administration's looser identifiers on import, within 52 safe characters", () => {
    expect(checkImportedIdentificador('ES_E00010207_2010_MPR000000000000000000000010207', 'documento')).toEqual([]);
    expect(checkImportedIdentificador('ES_A12345678_2024_EXP_ABC', 'expediente')).toEqual([]);
    expect(checkImportedIdentificador('ES_A12345678_2024_ABC', 'expediente')).toHaveLength(1);
    expect(checkImportedIdentificador('../../etc/passwd', 'documento')).toHaveLength(1);
    expect(checkImportedIdentificador(`ES_E00010207_2010_${'X'.repeat(40)}`, 'documento')).toHaveLength(1);
  });
});
