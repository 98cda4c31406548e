export { stampPdf, StampError, type Stamp } from './stamp-pdf.ts';
