import type { FirmaEni } from '../model.ts';
import { element, escapeXml } from './escape.ts';

/** `enids:firmas` (the `enids` prefix must be declared by an ancestor). An inline ds:Signature goes in verbatim. */
export function writeFirmas(firmas: readonly FirmaEni[]): string {
  if (firmas.length === 0) throw new Error('An ENI structure needs at least one signature');
  return `<enids:firmas>${firmas.map(writeFirma).join('')}</enids:firmas>`;
}

function writeFirma(firma: FirmaEni): string {
  const attributes = `${firma.id ? ` Id="${escapeXml(firma.id)}"` : ''}${firma.ref ? ` ref="${escapeXml(firma.ref)}"` : ''}`;
  let content: string;
  if (firma.tipo === 'TF01') {
    content = `<enids:CSV>${element('enids:ValorCSV', firma.valorCsv)}${element('enids:RegulacionGeneracionCSV', firma.regulacionGeneracionCsv)}</enids:CSV>`;
  } else {
    const signature = firma.firma;
    const inner =
      signature.kind === 'ds-signature'
        ? signature.xml.replace(/^\s*<\?xml[^>]*\?>\s*/, '')
        : signature.kind === 'base64'
          ? element('enids:FirmaBase64', signature.value)
          : element('enids:ReferenciaFirma', signature.value);
    content = `<enids:FirmaConCertificado>${inner}</enids:FirmaConCertificado>`;
  }
  return `<enids:firma${attributes}>${element('enids:TipoFirma', firma.tipo)}<enids:ContenidoFirma>${content}</enids:ContenidoFirma></enids:firma>`;
}
