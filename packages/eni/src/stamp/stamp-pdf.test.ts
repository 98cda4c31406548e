import jsqr from 'jsqr';
import type { PDFNumber } from 'pdf-lib';
import { decodePDFRawStream, degrees, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, type PDFPage } from 'pdf-lib';
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

type Matrix = [number, number, number, number, number, number];
const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2],
  m[0] * n[1] + m[1] * n[3],
  m[2] * n[0] + m[3] * n[2],
  m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4],
  m[4] * n[1] + m[5] * n[3] + n[5],
];
const apply = (m: Matrix, x: number, y: number) => ({ x: m[0] * x + m[2] * y + m[4], y: m[1] * x + m[3] * y + m[5] });

/** Where a page draws its images and starts its lines of text, in page space: the content stream's cm, q/Q, Do and Tm followed. */
function placements(page: PDFPage): { images: Matrix[]; texts: Matrix[] } {
  const images: Matrix[] = [];
  const texts: Matrix[] = [];
  const stack: Matrix[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const operands: string[] = [];
  for (const token of contentOf(page).match(/<[0-9A-Fa-f]*>|\/[^\s/<>[\]()]+|[^\s/<>[\]()]+/g) ?? []) {
    if (/^[-+.\d]/.test(token) || token.startsWith('/') || token.startsWith('<')) {
      operands.push(token);
      continue;
    }
    const numbers = operands.slice(-6).map(Number) as Matrix;
    if (token === 'q') stack.push(ctm);
    if (token === 'Q') ctm = stack.pop() ?? [1, 0, 0, 1, 0, 0];
    if (token === 'cm') ctm = multiply(numbers, ctm);
    if (token === 'Do') images.push(ctm);
    if (token === 'Tm') texts.push(multiply(numbers, ctm));
    operands.length = 0;
  }
  return { images, texts };
}

/** A point of page space as the reader sees it: the crop box turned clockwise by /Rotate, its lower left corner at 0,0. */
function seen(page: PDFPage, point: { x: number; y: number }): { u: number; v: number } {
  const angle = (-page.getRotation().angle * Math.PI) / 180;
  const turn = (p: { x: number; y: number }) => ({ u: p.x * Math.cos(angle) - p.y * Math.sin(angle), v: p.x * Math.sin(angle) + p.y * Math.cos(angle) });
  const box = page.getCropBox();
  const corners = [
    [box.x, box.y],
    [box.x + box.width, box.y],
    [box.x, box.y + box.height],
    [box.x + box.width, box.y + box.height],
  ].map(([x, y]) => turn({ x: x!, y: y! }));
  const turned = turn(point);
  return { u: turned.u - Math.min(...corners.map((c) => c.u)), v: turned.v - Math.min(...corners.map((c) => c.v)) };
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

  it('puts the band at the foot the reader sees, upright, on a rotated page', async () => {
    const original = await PDFDocument.create();
    for (const angle of [0, 90, 180, 270, -90]) original.addPage([595, 842]).setRotation(degrees(angle));
    const document = await PDFDocument.load(await stampPdf(await original.save(), { csv: CSV, verificationUrl: URL_, legend: 'Copia auténtica' }));
    for (const page of document.getPages()) {
      const { images, texts } = placements(page);
      expect(images).toHaveLength(1);
      const [qr] = images;
      // The image's unit square: its lower left corner near the seen lower left corner, its sides along the seen axes.
      const corner = seen(page, apply(qr!, 0, 0));
      const right = seen(page, apply(qr!, 1, 0));
      const top = seen(page, apply(qr!, 0, 1));
      expect(corner.u).toBeGreaterThanOrEqual(0);
      expect(corner.u).toBeLessThan(10);
      expect(corner.v).toBeGreaterThanOrEqual(0);
      expect(corner.v).toBeLessThan(10);
      expect(right.u - corner.u).toBeGreaterThan(40);
      expect(Math.abs(right.v - corner.v)).toBeLessThan(0.01);
      expect(top.v - corner.v).toBeGreaterThan(40);
      expect(texts).toHaveLength(4);
      for (const line of texts) {
        const start = seen(page, apply(line, 0, 0));
        const along = seen(page, apply(line, 1, 0));
        expect(start.v).toBeGreaterThan(0);
        expect(start.v).toBeLessThan(62);
        expect(along.u).toBeGreaterThan(start.u);
        expect(Math.abs(along.v - start.v)).toBeLessThan(0.01);
      }
      expect(qrCodesOf(page)).toEqual([URL_]);
    }
  });

  it('keeps a long address whole, in smaller type, and draws what the standard font cannot as "?"', async () => {
    const url = `https://sede.example/verificacion-de-documentos/codigo-seguro/${'7K3M9QX2RTVB6WZ4HNPCJD8FGA'.repeat(2)}`;
    const stamped = await stampPdf(await sample([[612, 792]]), { csv: CSV, verificationUrl: url, legend: 'Copia auténtica — sello ✓ 50 €' });
    const [page] = (await PDFDocument.load(stamped)).getPages();
    const text = textOf(page!);
    expect(text).toContain(url);
    expect(text).toContain('Copia auténtica — sello ? 50 €'.replace('—', '\x97').replace('€', '\x80'));
    expect(qrCodesOf(page!)).toEqual([url]);
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
