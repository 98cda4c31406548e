/**
 * Text that no field of Tramita may carry: U+0000 (PostgreSQL refuses it in text and JSON, and
 * C-based tools truncate at it) and UTF-16 surrogates without their pair (they cannot be stored
 * as UTF-8 at all). Rejecting them at the edge keeps every database error out of reach of input.
 */
export interface UnsafeText {
  /** Where in the input, e.g. ["documents", 0]. */
  path: (string | number)[];
  reason: 'nul' | 'unpaired-surrogate';
}

export const UNSAFE_TEXT_MESSAGE = {
  nul: 'Text must not contain the NUL character (U+0000).',
  'unpaired-surrogate': 'Text must be well-formed Unicode (no unpaired surrogate).',
} as const;

/** The first unsafe string (or object key) in `value`, depth first, or undefined. */
export function findUnsafeText(value: unknown, path: (string | number)[] = []): UnsafeText | undefined {
  if (typeof value === 'string') return unsafeReason(value, path);
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnsafeText(item, [...path, index]);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [key, item] of Object.entries(value)) {
      const found = unsafeReason(key, [...path, key]) ?? findUnsafeText(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

function unsafeReason(text: string, path: (string | number)[]): UnsafeText | undefined {
  if (text.includes('\u0000')) return { path, reason: 'nul' };
  if (!text.isWellFormed()) return { path, reason: 'unpaired-surrogate' };
  return undefined;
}
