/** Crockford's base32 alphabet: digits and upper-case letters without I, L, O and U. */
export const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Encodes `bits` bits of a big number as Crockford base32, most significant first, zero-padded. */
export function encodeCrockford(value: bigint, length: number): string {
  let out = '';
  let rest = value;
  for (let i = 0; i < length; i++) {
    out = CROCKFORD[Number(rest & 31n)]! + out;
    rest >>= 5n;
  }
  return out;
}

/** The bytes as one big unsigned number. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}
