import { degrees, PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';

/** A PDF that cannot be stamped: not a PDF, or encrypted. */
export class StampError extends Error {}

export interface Stamp {
  /** The CSV as people read it (grouped). */
  csv: string;
  /** Where it is verified; the QR code holds exactly this. */
  verificationUrl: string;
  /** "Copia auténtica de documento electrónico", or why the copy has no value. */
  legend: string;
}

/** Sizes in points for a page whose shorter side is A4's (595 pt); other pages scale with it. */
const BAND_HEIGHT = 62;
const QR_SIZE = 54;
const MARGIN = 4;
const A4_SHORT_SIDE = 595;

export async function stampPdf(pdf: Uint8Array, stamp: Stamp): Promise<Uint8Array> {
  if (!(pdf.length > 5 && Buffer.from(pdf.subarray(0, 1024)).toString('latin1').includes('%PDF-'))) throw new StampError('The document is not a PDF.');
  let document: PDFDocument;
  try {
    document = await PDFDocument.load(pdf, { updateMetadata: false });
  } catch (error) {
    if (/encrypt/i.test((error as Error).message)) throw new StampError('The PDF is encrypted: it cannot be stamped.');
    throw new StampError(`The PDF cannot be read: ${(error as Error).message}`);
  }
  if (document.isEncrypted) throw new StampError('The PDF is encrypted: it cannot be stamped.');
  try {
    return await stampPages(document, stamp);
  } catch (error) {
    // A damaged PDF loads leniently and breaks while its pages are read.
    throw new StampError(`The PDF cannot be stamped: ${(error as Error).message}`);
  }
}

async function stampPages(document: PDFDocument, stamp: Stamp): Promise<Uint8Array> {
  const qr = await document.embedPng(
    await QRCode.toBuffer(stamp.verificationUrl, { errorCorrectionLevel: 'M', margin: 1, scale: 4, color: { dark: '#000000', light: '#ffffff' } }),
  );
  const font = await document.embedFont(StandardFonts.Helvetica);
  const bold = await document.embedFont(StandardFonts.HelveticaBold);
  for (const page of document.getPages()) {
    const foot = footOf(page);
    // Letter and A4 keep the sizes above; a postcard or a poster gets a band in proportion.
    const k = Math.min(1.5, Math.max(0.5, Math.min(foot.width, foot.height) / A4_SHORT_SIDE));
    const rotate = degrees(foot.rotation);
    const origin = foot.at(0, 0);
    page.drawRectangle({ ...origin, width: foot.width, height: BAND_HEIGHT * k, rotate, color: rgb(1, 1, 1), opacity: 0.92 });
    page.drawLine({ start: foot.at(0, BAND_HEIGHT * k), end: foot.at(foot.width, BAND_HEIGHT * k), thickness: 0.5, color: rgb(0.4, 0.4, 0.4) });
    page.drawImage(qr, { ...foot.at(MARGIN * k, MARGIN * k), width: QR_SIZE * k, height: QR_SIZE * k, rotate });
    const textX = (QR_SIZE + 3 * MARGIN) * k;
    const room = foot.width - (QR_SIZE + 5 * MARGIN) * k;
    const line = (text: string, y: number, with_: PDFFont, size: number) => {
      const fitted = fit(drawable(text, with_), with_, size * k, room);
      page.drawText(fitted.text, { ...foot.at(textX, y * k), rotate, size: fitted.size, font: with_, color: rgb(0, 0, 0) });
    };
    line(stamp.legend, 46, bold, 8);
    line(`Código Seguro de Verificación (CSV): ${stamp.csv}`, 32, bold, 8);
    line(`Compruebe su autenticidad en ${stamp.verificationUrl}`, 18, font, 7);
    line('Ley 39/2015, art. 27.3.c; Ley 40/2015, art. 42.b', 6, font, 6);
  }
  return document.save();
}

/**
 * The foot of the page as a reader sees it. A page's /Rotate turns it clockwise when shown, so
 * its visible foot may be the right, top or left edge of the crop box: `at(u, v)` maps a point
 * `u` along the visible foot and `v` above it to page space, and drawing with `rotation`
 * (counter-clockwise) makes the band read upright.
 */
function footOf(page: PDFPage): { width: number; height: number; rotation: number; at: (u: number, v: number) => { x: number; y: number } } {
  const { x: left, y: bottom, width, height } = page.getCropBox();
  const rotation = (((Math.round(page.getRotation().angle / 90) * 90) % 360) + 360) % 360;
  switch (rotation) {
    case 90:
      return { width: height, height: width, rotation, at: (u, v) => ({ x: left + width - v, y: bottom + u }) };
    case 180:
      return { width, height, rotation, at: (u, v) => ({ x: left + width - u, y: bottom + height - v }) };
    case 270:
      return { width: height, height: width, rotation, at: (u, v) => ({ x: left + v, y: bottom + height - u }) };
    default:
      return { width, height, rotation: 0, at: (u, v) => ({ x: left + u, y: bottom + v }) };
  }
}

/** What a standard font can draw (WinAnsi: á, ñ, ü, €, “…”); any other character becomes "?". */
function drawable(text: string, font: PDFFont): string {
  const known = new Set(font.getCharacterSet());
  return [...text.normalize('NFC')].map((char) => (known.has(char.codePointAt(0)!) ? char : '?')).join('');
}

/** The text at its size if it fits; else smaller, down to 70 %; else cut with an ellipsis. */
function fit(text: string, font: PDFFont, size: number, room: number): { text: string; size: number } {
  const smallest = size * 0.7;
  const shrunk = Math.max(smallest, Math.min(size, (size * room) / font.widthOfTextAtSize(text, size)));
  if (font.widthOfTextAtSize(text, shrunk) <= room) return { text, size: shrunk };
  let cut = text;
  while (cut.length > 1 && font.widthOfTextAtSize(`${cut}…`, smallest) > room) cut = cut.slice(0, -1);
  return { text: `${cut}…`, size: smallest };
}
