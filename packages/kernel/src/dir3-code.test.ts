import { describe, expect, it } from 'vitest';
import { DIR3_CODE_PATTERN, isDir3Code } from './dir3-code.ts';

describe('DIR3 codes', () => {
  it.each(['E04990301', 'L01280796', 'A01002820', 'EA0003296', 'GE0001234', 'U00000001', 'I00000123', 'ZZZZZZZZZ'])('accepts %s', (code) => {
    expect(isDir3Code(code)).toBe(true);
  });

  it.each([
    ['', 'empty'],
    ['E0499030', '8 characters'],
    ['E049903011', '10 characters'],
    ['104990301', 'starts with a digit'],
    ['e04990301', 'lower-case first letter'],
    ['Ea0003296', 'lower-case letter inside'],
    ['E0499-301', 'a hyphen'],
    ['E0499 301', 'a space'],
    [' E04990301', 'a leading space'],
    ['E04990301\n', 'a trailing line break'],
    ['Ñ04990301', 'a letter outside A-Z'],
  ])('refuses %j (%s)', (code) => {
    expect(isDir3Code(code)).toBe(false);
  });

  it('is the same rule as its exported pattern', () => {
    for (const code of ['E04990301', 'e04990301', '104990301']) expect(DIR3_CODE_PATTERN.test(code)).toBe(isDir3Code(code));
  });
});
