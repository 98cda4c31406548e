import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { FileTypeSniffer } from './media-type-sniffer.file-type.ts';

const sniff = (bytes: Buffer) => new FileTypeSniffer().sniff(Readable.from([bytes]));

/** A minimal OOXML word document: the parts file-type looks for, zipped with zip(1). */
function docx(): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'docx-'));
  try {
    const types =
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
    writeFileSync(join(dir, '[Content_Types].xml'), types);
    execFileSync('mkdir', ['-p', join(dir, 'word')]);
    writeFileSync(join(dir, 'word', 'document.xml'), '<w:document/>');
    execFileSync('zip', ['-q', '-X', 'out.docx', '[Content_Types].xml', 'word/document.xml'], { cwd: dir });
    return readFileSync(join(dir, 'out.docx'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('FileTypeSniffer', () => {
  it('recognises PDF, PNG and XML from their first bytes', async () => {
    expect(await sniff(Buffer.from('%PDF-1.4\n%âãÏÓ\n'))).toBe('application/pdf');
    expect(await sniff(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'))).toBe(
      'image/png',
    );
    expect(await sniff(Buffer.from('<?xml version="1.0"?><expediente/>'))).toBe('application/xml');
  });

  it('recognises an OOXML document inside its zip container', async () => {
    expect(await sniff(docx())).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  });

  it('knows nothing about plain text or random bytes', async () => {
    expect(await sniff(Buffer.from('hola, mundo'))).toBeUndefined();
    expect(await sniff(Buffer.from([1, 2, 3, 4]))).toBeUndefined();
  });
});
