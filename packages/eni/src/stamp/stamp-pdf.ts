import { PDFDocument, rgb, StandardFonts, type PDFFont } from 'pdf-lib';
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

const BAND_HEIGHT = 62;
const QR_SIZE = 54;
const MARGIN = 4;

/**
 * A printable copy of a PDF document (Ley 39/2015 art. 27.3.c; ENI B.3): every page keeps its
 * content and gets a band at its foot with the legend, the CSV, the verification address and a QR
 * code of that address, so anyone can check the paper against the sede.
 */
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
    const { x: left, y: bottom, width } = page.getCropBox();
    page.drawRectangle({ x: left, y: bottom, width, height: BAND_HEIGHT, color: rgb(1, 1, 1), opacity: 0.92 });
    page.drawLine({
      start: { x: left, y: bottom + BAND_HEIGHT },
      end: { x: left + width, y: bottom + BAND_HEIGHT },
      thickness: 0.5,
      color: rgb(0.4, 0.4, 0.4),
    });
    page.drawImage(qr, { x: left + MARGIN, y: bottom + MARGIN, width: QR_SIZE, height: QR_SIZE });
    const textX = left + QR_SIZE + 3 * MARGIN;
    const room = width - QR_SIZE - 5 * MARGIN;
    const line = (text: string, y: number, with_: PDFFont, size: number) =>
      page.drawText(fit(winAnsi(text), with_, size, room), { x: textX, y: bottom + y, size, font: with_, color: rgb(0, 0, 0) });
    line(stamp.legend, 46, bold, 8);
    line(`Código Seguro de Verificación (CSV): ${stamp.csv}`, 32, bold, 8);
    line(`Compruebe su autenticidad en ${stamp.verificationUrl}`, 18, font, 7);
    line('Ley 39/2015, art. 27.3.c; Ley 40/2015, art. 42.b', 6, font, 6);
  }
  return document.save();
}

/** What the standard fonts can draw: Latin-1 letters stay (á, ñ, ü…), anything else becomes "?". */
function winAnsi(text: string): string {
  return [...text.normalize('NFC')].map((char) => (char.charCodeAt(0) <= 0xff ? char : '?')).join('');
}

function fit(text: string, font: PDFFont, size: number, room: number): string {
  if (font.widthOfTextAtSize(text, size) <= room) return text;
  let cut = text;
  while (cut.length > 1 && font.widthOfTextAtSize(`${cut}…`, size) > room) cut = cut.slice(0, -1);
  return `${cut}…`;
}
