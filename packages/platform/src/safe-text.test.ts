import { describe, expect, it } from 'vitest';
import { findUnsafeText } from './safe-text.ts';

describe('findUnsafeText', () => {
  it('accepts ordinary text, accents, emoji and nested values', () => {
    expect(findUnsafeText({ a: 'María Núñez 😀', b: ['x', { c: 'ñ\t\n' }], n: 3, z: null })).toBeUndefined();
  });

  it('finds a NUL byte with its path', () => {
    expect(findUnsafeText({ documents: ['ok', 'a\u0000b'] })).toEqual({ path: ['documents', 1], reason: 'nul' });
  });

  it('finds unpaired surrogates, high or low', () => {
    expect(findUnsafeText({ description: 'a\ud800b' })).toEqual({ path: ['description'], reason: 'unpaired-surrogate' });
    expect(findUnsafeText(['\udc00'])).toEqual({ path: [0], reason: 'unpaired-surrogate' });
  });

  it('checks object keys too', () => {
    expect(findUnsafeText({ 'k\u0000': 1 })).toEqual({ path: ['k\u0000'], reason: 'nul' });
  });

  it('checks a bare string', () => {
    expect(findUnsafeText('x\u0000')).toEqual({ path: [], reason: 'nul' });
  });
});
