import { describe, expect, it } from 'vitest';
import { FALLBACK_DOCUMENT_NAME, MAX_DOCUMENT_NAME_LENGTH, sanitizeDocumentName } from './document-name.ts';

describe('sanitizeDocumentName', () => {
  it('keeps a real name with accents and spaces as sent', () => {
    expect(sanitizeDocumentName('Solicitud año 2024.pdf')).toBe('Solicitud año 2024.pdf');
  });

  it('normalises to NFC so the same name compares equal', () => {
    expect(sanitizeDocumentName('an\u0303o.txt')).toBe('año.txt');
  });

  it('strips POSIX and Windows directory parts', () => {
    expect(sanitizeDocumentName('/etc/passwd')).toBe('passwd');
    expect(sanitizeDocumentName('C:\\Users\\ana\\Escritorio\\informe.docx')).toBe('informe.docx');
    expect(sanitizeDocumentName('../../secreto.pdf')).toBe('secreto.pdf');
  });

  it('removes control characters, line breaks and bidi overrides', () => {
    expect(sanitizeDocumentName('a\r\nb\u0000c\u0007.pdf')).toBe('abc.pdf');
    expect(sanitizeDocumentName('factura\u202Efdp.exe')).toBe('facturafdp.exe');
  });

  it('falls back to a neutral name when nothing usable is left', () => {
    for (const raw of [undefined, null, '', '   ', '..', 'dir/', '\u0001\u0002']) {
      expect(sanitizeDocumentName(raw)).toBe(FALLBACK_DOCUMENT_NAME);
    }
  });

  it('cuts long names to 255 characters keeping the extension', () => {
    const name = sanitizeDocumentName(`${'x'.repeat(400)}.pdf`);
    expect(Array.from(name)).toHaveLength(MAX_DOCUMENT_NAME_LENGTH);
    expect(name.endsWith('.pdf')).toBe(true);
  });

  it('never splits a character outside the BMP when cutting', () => {
    const name = sanitizeDocumentName('😀'.repeat(300));
    expect(Array.from(name)).toHaveLength(MAX_DOCUMENT_NAME_LENGTH);
    expect(name.isWellFormed()).toBe(true);
  });

  it('cuts plainly when the "extension" is implausibly long', () => {
    const name = sanitizeDocumentName(`a.${'b'.repeat(300)}`);
    expect(Array.from(name)).toHaveLength(MAX_DOCUMENT_NAME_LENGTH);
    expect(name.startsWith('a.b')).toBe(true);
  });
});
