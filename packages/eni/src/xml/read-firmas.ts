import type { Element } from '@xmldom/xmldom';
import { ENI_NS, TIPOS_FIRMA, type FirmaEni, type TipoFirma } from '../model.ts';
import { child, children, childElements, EniReadError, serialize, text } from './parse.ts';

/** The signatures in an `enids:firmas` element. */
export function readFirmas(firmas: Element, path: string): FirmaEni[] {
  return children(firmas, ENI_NS.firma, 'firma').map((firma, index) => {
    const where = `${path}/firma[${index + 1}]`;
    const tipo = text(child(firma, ENI_NS.firma, 'TipoFirma', `${where}/TipoFirma`));
    if (!(TIPOS_FIRMA as readonly string[]).includes(tipo)) throw new EniReadError({ element: `${where}/TipoFirma`, message: `${tipo} is not TF01–TF06.` });
    const id = firma.getAttribute('Id');
    const ref = firma.getAttribute('ref');
    const contenido = child(firma, ENI_NS.firma, 'ContenidoFirma', `${where}/ContenidoFirma`);
    const [inner] = childElements(contenido);
    if (tipo === 'TF01') {
      if (!inner || inner.localName !== 'CSV') throw new EniReadError({ element: `${where}/ContenidoFirma/CSV`, message: 'A TF01 signature carries a CSV.' });
      return {
        tipo: 'TF01',
        id,
        ref,
        valorCsv: text(child(inner, ENI_NS.firma, 'ValorCSV', `${where}/ContenidoFirma/CSV/ValorCSV`)),
        regulacionGeneracionCsv: text(child(inner, ENI_NS.firma, 'RegulacionGeneracionCSV', `${where}/ContenidoFirma/CSV/RegulacionGeneracionCSV`)),
      };
    }
    if (!inner || inner.localName !== 'FirmaConCertificado') {
      throw new EniReadError({ element: `${where}/ContenidoFirma/FirmaConCertificado`, message: `A ${tipo} signature carries FirmaConCertificado.` });
    }
    const [signature] = childElements(inner);
    if (!signature) throw new EniReadError({ element: `${where}/ContenidoFirma/FirmaConCertificado`, message: 'The signature is empty.' });
    const body: Extract<FirmaEni, { tipo: Exclude<TipoFirma, 'TF01'> }>['firma'] =
      signature.namespaceURI === ENI_NS.xmldsig
        ? { kind: 'ds-signature' as const, xml: serialize(signature) }
        : signature.localName === 'FirmaBase64'
          ? { kind: 'base64' as const, value: text(signature) }
          : { kind: 'referencia' as const, value: text(signature) };
    return { tipo: tipo as Exclude<TipoFirma, 'TF01'>, id, ref, firma: body };
  });
}
