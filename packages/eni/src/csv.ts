import { bytesToBigInt, CROCKFORD, encodeCrockford } from './crockford.ts';

/**
 * Tramita's Código Seguro de Verificación (Ley 40/2015 art. 42.b): 120 bits from a cryptographically
 * secure source as 24 Crockford base32 characters, then one check symbol (the value mod 37 in
 * Crockford's check alphabet), 25 characters stored without separators. People type it in any case,
 * with spaces or hyphens, and confuse O with 0 and I or L with 1: all of that is forgiven.
 */
const CHECK_SYMBOLS = `${CROCKFORD}*~$=U`;
const VALUE_LENGTH = 24;

export function newCsv(random: (length: number) => Uint8Array): string {
  const bytes = random(15);
  if (bytes.length !== 15) throw new Error('The random source gave the wrong number of bytes');
  const value = bytesToBigInt(bytes);
  return encodeCrockford(value, VALUE_LENGTH) + CHECK_SYMBOLS[Number(value % 37n)]!;
}

export function normalizeCsv(input: string): { ok: true; value: string } | { ok: false; reason: string } {
  const compact = input.normalize('NFKC').replace(/[\s-]/g, '').toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1');
  if (compact.length !== VALUE_LENGTH + 1) return { ok: false, reason: `a code has ${VALUE_LENGTH + 1} letters and digits, this one has ${compact.length}.` };
  const body = compact.slice(0, VALUE_LENGTH);
  const check = compact.slice(VALUE_LENGTH);
  let value = 0n;
  for (const char of body) {
    const digit = CROCKFORD.indexOf(char);
    if (digit < 0) return { ok: false, reason: `"${char}" cannot appear in a code.` };
    value = value * 32n + BigInt(digit);
  }
  if (CHECK_SYMBOLS[Number(value % 37n)] !== check) return { ok: false, reason: 'its last character does not match the rest: check for a typing mistake.' };
  return { ok: true, value: compact };
}

/** The code in groups of five, as it is printed and read aloud. */
export function formatCsv(value: string): string {
  return value.match(/.{1,5}/g)?.join('-') ?? value;
}
