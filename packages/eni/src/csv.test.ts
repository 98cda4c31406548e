import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCsv, newCsv, normalizeCsv } from './csv.ts';

const random = (length: number) => new Uint8Array(randomBytes(length));
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CHECK_SYMBOLS = `${ALPHABET}*~$=U`;

describe('CSV', () => {
  it('draws 120 bits as 24 Crockford characters and a check symbol', () => {
    const csv = newCsv(random);
    expect(csv).toMatch(/^[0-9A-HJKMNP-TV-Z]{24}[0-9A-HJKMNP-TV-Z*~$=U]$/);
    expect(normalizeCsv(csv)).toEqual({ ok: true, value: csv });
  });

  it('never repeats in a million draws', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1_000_000; i++) seen.add(newCsv(random));
    expect(seen.size).toBe(1_000_000);
  }, 60_000);

  it('reads a code typed in lower case, in groups, with spaces, and with O, I or L for 0 and 1', () => {
    const csv = newCsv(() => new Uint8Array(15).fill(0x01));
    expect(csv.startsWith('0')).toBe(true);
    const typed = formatCsv(csv).toLowerCase().replace(/-/g, ' - ').replace(/0/g, 'o').replace(/1/g, 'l');
    expect(normalizeCsv(typed)).toEqual({ ok: true, value: csv });
    expect(formatCsv(csv)).toMatch(/^(.{5}-){4}.{5}$/);
  });

  it('refuses a wrong length or a character outside the alphabet before any lookup', () => {
    expect(normalizeCsv('ABC')).toMatchObject({ ok: false, reason: expect.stringMatching(/25/) });
    expect(normalizeCsv('U'.repeat(25))).toMatchObject({ ok: false, reason: expect.stringMatching(/"U" cannot appear/) });
    const csv = newCsv(() => new Uint8Array(15).fill(0x5a));
    const wrongCheck = csv.slice(0, 24) + (csv[24] === '0' ? '1' : '0');
    expect(normalizeCsv(wrongCheck)).toEqual({ ok: false, reason: 'its last character does not match the rest: check for a typing mistake.' });
  });

  it('always turns a code into the same stored value however it is typed, and back into the same groups', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 15, maxLength: 15 }), (bytes) => {
        const csv = newCsv(() => bytes);
        expect(csv).toHaveLength(25);
        expect(normalizeCsv(formatCsv(csv))).toEqual({ ok: true, value: csv });
        expect(normalizeCsv(` ${formatCsv(csv).toLowerCase()} `)).toEqual({ ok: true, value: csv });
        expect(formatCsv(csv).replace(/-/g, '')).toBe(csv);
      }),
    );
  });

  it('catches every single substitution and every transposition of two adjacent characters', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 15, maxLength: 15 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 1, max: 31 }),
        (bytes, position, shift) => {
          const csv = newCsv(() => bytes);
          const changed = ALPHABET[(ALPHABET.indexOf(csv[position]!) + shift) % 32]!;
          const substituted = csv.slice(0, position) + changed + csv.slice(position + 1);
          expect(normalizeCsv(substituted).ok).toBe(false);
          const otherCheck = CHECK_SYMBOLS[(CHECK_SYMBOLS.indexOf(csv[24]!) + 1 + (shift % 36)) % 37]!;
          expect(normalizeCsv(csv.slice(0, 24) + otherCheck).ok).toBe(false);
          if (position < 23 && csv[position] !== csv[position + 1]) {
            const swapped = csv.slice(0, position) + csv[position + 1] + csv[position] + csv.slice(position + 2);
            expect(normalizeCsv(swapped).ok).toBe(false);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
