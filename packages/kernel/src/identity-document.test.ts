import { describe, expect, it } from 'vitest';
import { normaliseIdentityDocument, parseIdentityDocument } from './identity-document.ts';

// Each invalid number below is a valid one with one character changed (or one added or taken away),
// so a check that looks only at the shape would let it through.

describe('a person NIF (DNI number)', () => {
  // Known valid independently of this code: the DNI letter table's usual worked examples.
  it.each(['12345678Z', '00000000T', '11111111H', '22222222J', '33333333P', '44444444A', '55555555K', '66666666Q', '77777777B', '88888888Y', '99999999R'])(
    'accepts %s as a NIF',
    (nif) => {
      expect(parseIdentityDocument(nif)).toEqual({ ok: true, kind: 'NIF', value: nif });
    },
  );

  it.each([
    ['12345678A', 'Z'],
    ['12345679Z', 'S'],
    ['00000000R', 'T'],
    ['11111111J', 'H'],
    ['22222222H', 'J'],
    ['33333333A', 'P'],
    ['44444444P', 'A'],
    ['55555555Q', 'K'],
    ['66666666K', 'Q'],
    ['77777777Y', 'B'],
    ['88888888B', 'Y'],
    ['99999998R', 'T'],
  ])('refuses %s and names the right check letter %s', (nif, letter) => {
    expect(parseIdentityDocument(nif)).toEqual({ ok: false, reason: `The check letter of NIF ${nif} should be ${letter}.` });
  });

  it.each(['1234567Z', '123456789Z', '12345678', '123456789', '1234567AZ', '12345678ZZ', '12345678Ñ', '1234567_8Z'])(
    'refuses %s, which has not the shape of a NIF',
    (nif) => {
      expect(parseIdentityDocument(nif)).toEqual({
        ok: false,
        reason: 'A NIF has 8 digits and a letter, or starts with K, L or M followed by 7 digits and a letter.',
      });
    },
  );

  it('accepts the K, L and M forms with the letter of their 7 digits', () => {
    expect(parseIdentityDocument('K1234567L')).toEqual({ ok: true, kind: 'NIF', value: 'K1234567L' });
    expect(parseIdentityDocument('L1234567L')).toEqual({ ok: true, kind: 'NIF', value: 'L1234567L' });
    expect(parseIdentityDocument('M0000000T')).toEqual({ ok: true, kind: 'NIF', value: 'M0000000T' });
  });

  it('refuses a K, L or M form with a wrong letter or 8 digits', () => {
    expect(parseIdentityDocument('K1234567X')).toEqual({ ok: false, reason: 'The check letter of NIF K1234567X should be L.' });
    expect(parseIdentityDocument('M12345678Z')).toMatchObject({ ok: false, reason: expect.stringContaining('starts with K, L or M followed by 7 digits') });
  });
});

describe('a NIE', () => {
  // X, Y and Z stand for 0, 1 and 2 in front of the 7 digits.
  it.each(['X1234567L', 'X0000000T', 'Y1234567X', 'Y0000000Z', 'Z1234567R', 'Z0000000M'])('accepts %s as a NIE', (nie) => {
    expect(parseIdentityDocument(nie)).toEqual({ ok: true, kind: 'NIE', value: nie });
  });

  it.each([
    ['X1234567Z', 'L'],
    ['X1234568L', 'C'],
    ['Y1234567L', 'X'],
    ['Z1234567X', 'R'],
    ['Z0000000T', 'M'],
  ])('refuses %s and names the right check letter %s', (nie, letter) => {
    expect(parseIdentityDocument(nie)).toEqual({ ok: false, reason: `The check letter of NIE ${nie} should be ${letter}.` });
  });

  it.each(['X123456L', 'X12345678L', 'X1234567', 'XA234567L', 'X12345671'])('refuses %s, which has not the shape of a NIE', (nie) => {
    expect(parseIdentityDocument(nie)).toEqual({ ok: false, reason: 'A NIE starts with X, Y or Z followed by 7 digits and a letter.' });
  });
});

describe('an entity NIF (CIF)', () => {
  // Known valid independently of this code (published numbers of public bodies and entities, and
  // the usual worked examples), across the three kinds of control character.
  it.each([
    ['A58818501', 'digit required'],
    ['A08001851', 'digit required'],
    ['B65410011', 'digit required'],
    ['B00000000', 'digit required'],
    ['Q2826000H', 'letter required'],
    ['Q2818002D', 'letter required'],
    ['P2807900B', 'letter required'],
    ['S2833002E', 'letter required'],
    ['R5000274J', 'letter required'],
    ['N0032484H', 'letter required'],
    ['G28029643', 'either, as a digit'],
    ['J99216582', 'either, as a digit'],
  ])('accepts %s (%s)', (cif) => {
    expect(parseIdentityDocument(cif)).toEqual({ ok: true, kind: 'CIF', value: cif });
  });

  // 1234567 gives control digit 4, control letter D: a worked example of the rule.
  it.each(['C1234567D', 'D12345674', 'F1234567D', 'G2802964C', 'U12345674', 'U1234567D', 'V12345674', 'E12345674', 'H12345674', 'W1234567D'])(
    'accepts %s, whose first letter allows its kind of control character',
    (cif) => {
      expect(parseIdentityDocument(cif)).toEqual({ ok: true, kind: 'CIF', value: cif });
    },
  );

  it.each([
    ['A58818502', 'A CIF starting with A ends in a control digit: for A58818502 it should be 1.'],
    ['A5881850A', 'A CIF starting with A ends in a control digit: for A5881850A it should be 1.'],
    ['B6541001A', 'A CIF starting with B ends in a control digit: for B6541001A it should be 1.'],
    ['E1234567D', 'A CIF starting with E ends in a control digit: for E1234567D it should be 4.'],
    ['Q2826000J', 'A CIF starting with Q ends in a control letter: for Q2826000J it should be H.'],
    ['P28079002', 'A CIF starting with P ends in a control letter: for P28079002 it should be B.'],
    ['S28330025', 'A CIF starting with S ends in a control letter: for S28330025 it should be E.'],
    ['N12345674', 'A CIF starting with N ends in a control letter: for N12345674 it should be D.'],
    ['G28029644', 'The control character of CIF G28029644 should be 3 or C.'],
    ['J9921658C', 'The control character of CIF J9921658C should be 2 or B.'],
  ])('refuses %s', (cif, reason) => {
    expect(parseIdentityDocument(cif)).toEqual({ ok: false, reason });
  });

  it.each(['A5881850', 'A588185011', 'Q2826000', 'B6541001K', 'BA5410011'])('refuses %s, which has not the shape of a CIF', (cif) => {
    expect(parseIdentityDocument(cif)).toEqual({
      ok: false,
      reason: 'A CIF is a letter (A-H, J, N, P-S, U-W), 7 digits and a control digit or letter (A-J).',
    });
  });

  it.each(['I2807900B', 'O2807900B', 'T1234567D', 'Ñ1234567D', '#12345678'])('refuses %s, whose first character starts no document', (value) => {
    expect(parseIdentityDocument(value)).toMatchObject({ ok: false, reason: expect.stringMatching(/^An identity document starts with a digit/) });
  });
});

describe('normalisation', () => {
  it.each([
    ['12.345.678-z', '12345678Z', 'NIF'],
    ['  12345678 z ', '12345678Z', 'NIF'],
    ['x-1234567-l', 'X1234567L', 'NIE'],
    ['Y 1234567 x', 'Y1234567X', 'NIE'],
    ['q-2826000-h', 'Q2826000H', 'CIF'],
    ['a.58.818.501', 'A58818501', 'CIF'],
    ['\t00000000t\n', '00000000T', 'NIF'],
  ])('reads %j as %s', (input, value, kind) => {
    expect(normaliseIdentityDocument(input)).toBe(value);
    expect(parseIdentityDocument(input)).toEqual({ ok: true, kind, value });
  });

  it('names the normalised number, not what was typed, when the check fails', () => {
    expect(parseIdentityDocument(' 12.345.678-a ')).toEqual({ ok: false, reason: 'The check letter of NIF 12345678A should be Z.' });
  });

  it('asks for a number when there is none', () => {
    for (const input of ['', '   ', ' - . ']) {
      expect(parseIdentityDocument(input)).toEqual({ ok: false, reason: 'An identity document number (NIF, NIE or CIF) is required.' });
    }
  });

  it('does not repeat a long input in its reason', () => {
    const input = `1${'2'.repeat(500)}Z`;
    const check = parseIdentityDocument(input);
    expect(check.ok).toBe(false);
    expect(check.ok ? '' : check.reason).not.toContain('2222');
  });
});
