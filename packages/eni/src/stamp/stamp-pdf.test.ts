import jsqr from 'jsqr';
import type { PDFNumber } from 'pdf-lib';
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, type PDFPage } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { stampPdf, StampError } from './stamp-pdf.ts';

/** The QR decoder: a CommonJS module whose default export the types and the runtime see differently. */
const jsQR: typeof jsqr.default = typeof jsqr === 'function' ? jsqr : jsqr.default;

const URL_ = 'https://sede.example/verificar/7K3M9QX2RTVB6WZ4HNPCJD8FGA';
const CSV = '7K3M9-QX2RT-VB6WZ-4HNPC-JD8FG';

async function sample(pages: Array<[number, number]>): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  for (const [width, height] of pages) document.addPage([width, height]).drawText('Resolución de concesión', { x: 50, y: height - 80, size: 14 });
  return document.save();
}

/** Everything a page draws, its content streams decoded. */
function contentOf(page: PDFPage): string {
  const contents = page.node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => page.doc.context.lookup(ref)) : [contents];
  return streams
    .filter((stream): stream is PDFRawStream => stream instanceof PDFRawStream)
    .map((stream) => Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1'))
    .join('\n');
}

/** The text the standard fonts drew, from the hex strings of the content. */
function textOf(page: PDFPage): string {
  return [...contentOf(page).matchAll(/<([0-9A-Fa-f]+)> Tj/g)].map((match) => Buffer.from(match[1]!, 'hex').toString('latin1')).join('\n');
}

/** The QR codes of the images a page draws, decoded. */
function qrCodesOf(page: PDFPage): string[] {
  const xObjects = page.node.Resources()?.lookup(PDFName.of('XObject'), PDFDict);
  if (!xObjects) return [];
  return xObjects.keys().flatMap((name) => {
    const stream = page.doc.context.lookup(xObjects.get(name));
    if (!(stream instanceof PDFRawStream) || stream.dict.get(PDFName.of('Subtype')) !== PDFName.of('Image')) return [];
    const width = (stream.dict.get(PDFName.of('Width')) as PDFNumber).asNumber();
    const height = (stream.dict.get(PDFName.of('Height')) as PDFNumber).asNumber();
    const pixels = decodePDFRawStream(stream).decode();
    const channels = pixels.length / (width * height);
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      const [r, g, b] = channels >= 3 ? [pixels[i * channels]!, pixels[i * channels + 1]!, pixels[i * channels + 2]!] : [pixels[i]!, pixels[i]!, pixels[i]!];
      rgba.set([r, g, b, 255], i * 4);
    }
    const code = jsQR(rgba, width, height);
    return code ? [code.data] : [];
  });
}

describe('the printable copy of a PDF', () => {
  it('stamps every page, whatever its size, with the legend, the CSV, the address and a QR code that reads as the address', async () => {
    const stamped = await stampPdf(
      await sample([
        [595, 842],
        [612, 792],
        [842, 595],
      ]),
      { csv: CSV, verificationUrl: URL_, legend: 'Copia auténtica de documento electrónico' },
    );
    const document = await PDFDocument.load(stamped);
    expect(document.getPageCount()).toBe(3);
    for (const page of document.getPages()) {
      const text = textOf(page);
      expect(text).toContain(CSV);
      expect(text).toContain(URL_);
      expect(text).toContain('Copia auténtica de documento electrónico');
      expect(text).toContain('Resolución de concesión');
      expect(qrCodesOf(page)).toEqual([URL_]);
    }
  });

  it('refuses what is not a PDF, and a damaged PDF, with a readable reason', async () => {
    await expect(stampPdf(new TextEncoder().encode('hola'), { csv: CSV, verificationUrl: URL_, legend: 'x' })).rejects.toBeInstanceOf(StampError);
    const error = await stampPdf(new TextEncoder().encode('%PDF-1.7\ngarbage'), { csv: CSV, verificationUrl: URL_, legend: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StampError);
  });

  it('refuses an encrypted PDF', async () => {
    const document = await PDFDocument.create();
    document.addPage();
    document.context.trailerInfo.Encrypt = document.context.register(document.context.obj({ Filter: 'Standard', V: 2, R: 3, Length: 128 }));
    const bytes = await document.save({ useObjectStreams: false });
    await expect(stampPdf(bytes, { csv: CSV, verificationUrl: URL_, legend: 'x' })).rejects.toThrow(/encrypted/);
  });
});
