import { FALLBACK_DOCUMENT_NAME } from '../../domain/document-name.ts';

/**
 * `attachment` with both an ASCII-only `filename` (old clients) and the exact name as RFC 5987
 * `filename*`. Quotes, backslashes and control characters never reach the header, so a file name
 * cannot end the parameter or inject a header line.
 */
export function contentDisposition(name: string): string {
  return `attachment; filename="${asciiFallback(name)}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}

/** Accents dropped ("año" → "ano"), anything else outside printable ASCII or quote-unsafe → "_". */
export function asciiFallback(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\%]/g, '_')
    .trim();
  return ascii === '' ? FALLBACK_DOCUMENT_NAME : ascii;
}

/** RFC 5987 / 8187 value-chars: UTF-8 percent-encoding of everything but attr-char. */
export function encodeRfc5987(value: string): string {
  // eslint-disable-next-line no-control-regex
  return encodeURIComponent(value.toWellFormed().replace(/[\u0000-\u001f\u007f]/g, '')).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
