import { describe, expect, it } from 'vitest';
import { decideMediaType, TextDetector } from './media-type.ts';

const detect = (...chunks: (string | number[])[]) => {
  const detector = new TextDetector();
  for (const chunk of chunks) detector.observe(typeof chunk === 'string' ? Buffer.from(chunk) : Uint8Array.from(chunk));
  return detector.isText();
};

describe('TextDetector', () => {
  it('takes valid UTF-8 as text, accents included', () => {
    expect(detect('Resolución de la solicitud nº 7\n')).toBe(true);
  });

  it('accepts a multi-byte character split across chunks', () => {
    const bytes = Buffer.from('año');
    expect(detect([...bytes.subarray(0, 2)], [...bytes.subarray(2)])).toBe(true);
  });

  it('rejects a NUL byte anywhere', () => {
    expect(detect('hola', [0x00], 'adiós')).toBe(false);
  });

  it('rejects invalid UTF-8 (Latin-1 bytes)', () => {
    expect(detect([0x61, 0xf1, 0x6f])).toBe(false);
  });

  it('rejects a multi-byte sequence cut short at the end', () => {
    expect(detect([0x61, 0xc3])).toBe(false);
  });

  it('gives the same answer when asked twice', () => {
    const detector = new TextDetector();
    detector.observe(Uint8Array.from([0xc3]));
    expect(detector.isText()).toBe(false);
    expect(detector.isText()).toBe(false);
  });
});

describe('decideMediaType', () => {
  it('prefers the format recognised from magic numbers', () => {
    expect(decideMediaType('application/pdf', true)).toBe('application/pdf');
  });

  it('falls back to text/plain for text and octet-stream for anything else', () => {
    expect(decideMediaType(undefined, true)).toBe('text/plain');
    expect(decideMediaType(undefined, false)).toBe('application/octet-stream');
  });
});
