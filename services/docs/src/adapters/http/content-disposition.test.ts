import { describe, expect, it } from 'vitest';
import { asciiFallback, contentDisposition, encodeRfc5987 } from './content-disposition.ts';

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('Solicitud año 2024.pdf')).toBe(
      `attachment; filename="Solicitud ano 2024.pdf"; filename*=UTF-8''Solicitud%20a%C3%B1o%202024.pdf`,
    );
  });

  it('cannot be broken out of by quotes, backslashes, semicolons or line breaks', () => {
    const header = contentDisposition('a"; filename="evil.html\r\nSet-Cookie: x=1\\.pdf');
    expect(header).not.toMatch(/[\r\n]/);
    const fallback = /filename="([^"]*)"/.exec(header)![1];
    expect(fallback).toBe('a_; filename=_evil.html__Set-Cookie: x=1_.pdf');
    expect(header.match(/"/g)).toHaveLength(2);
  });

  it('percent-encodes what RFC 5987 does not allow raw, including quote, parentheses and star', () => {
    expect(encodeRfc5987("it's (v2)*.txt")).toBe('it%27s%20%28v2%29%2A.txt');
    expect(decodeURIComponent(encodeRfc5987('Año ñ €.pdf'))).toBe('Año ñ €.pdf');
  });

  it('falls back to a neutral ASCII name when nothing ASCII is left', () => {
    expect(asciiFallback('')).toBe('documento');
    expect(asciiFallback('文件.pdf')).toBe('__.pdf');
    expect(asciiFallback('100%.txt')).toBe('100_.txt');
  });
});
