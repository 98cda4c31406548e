import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dir3CodeSchema, identityDocumentSchema } from './identity.ts';

describe('identity document schema', () => {
  it.each([
    ['12.345.678-z', '12345678Z'],
    [' x-1234567-l ', 'X1234567L'],
    ['K1234567L', 'K1234567L'],
    ['q 2826000 h', 'Q2826000H'],
    ['A58818501', 'A58818501'],
  ])('reads %j as the normalised %s', (input, value) => {
    expect(identityDocumentSchema.safeParse(input)).toEqual({ success: true, data: value });
  });

  it.each([
    ['12345678A', 'The check letter of NIF 12345678A should be Z.'],
    ['y1234567l', 'The check letter of NIE Y1234567L should be X.'],
    ['X123456L', 'A NIE starts with X, Y or Z followed by 7 digits and a letter.'],
    ['P28079002', 'A CIF starting with P ends in a control letter: for P28079002 it should be B.'],
    ['  ', 'An identity document number (NIF, NIE or CIF) is required.'],
  ])('refuses %j with the reason as the only issue', (input, reason) => {
    const result = identityDocumentSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([reason]);
  });

  it('refuses a value that is not a string', () => {
    const result = identityDocumentSchema.safeParse(12345678);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.code).toBe('invalid_type');
  });

  it('reads a field of an object, so a request body can carry one', () => {
    const interesado = z.object({ document: identityDocumentSchema });
    expect(interesado.parse({ document: '00000000-t' })).toEqual({ document: '00000000T' });
    expect(interesado.safeParse({ document: '00000000R' }).error?.issues[0]).toMatchObject({
      path: ['document'],
      message: 'The check letter of NIF 00000000R should be T.',
    });
  });

  it('is described as a string in JSON Schema, for the API description', () => {
    expect(z.toJSONSchema(identityDocumentSchema, { io: 'output' })).toMatchObject({ type: 'string' });
    expect(z.toJSONSchema(identityDocumentSchema, { io: 'input' })).toMatchObject({ type: 'string' });
  });
});

describe('DIR3 code schema', () => {
  it.each(['E04990301', 'L01280796', 'A01002820', 'EA0003296', 'GE0001234'])('accepts %s as it is', (code) => {
    expect(dir3CodeSchema.safeParse(code)).toEqual({ success: true, data: code });
  });

  it.each(['e04990301', 'E0499030', 'E049903011', '104990301', 'E0499-301', ''])('refuses %j with a readable message', (code) => {
    const result = dir3CodeSchema.safeParse(code);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual(['A DIR3 code is 9 letters or digits, starting with a letter.']);
  });
});
