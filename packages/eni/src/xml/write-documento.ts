import { ENI_NS, VERSION_NTI, type DocumentoEni } from '../model.ts';
import { element, escapeXml } from './escape.ts';
import { writeFirmas } from './write-firmas.ts';

/**
 * A documento ENI as a whole XML document (NTI Documento electrónico): content inline as base64,
 * minimum metadata, then signatures, in the namespaces and order the schema wants.
 */
export function writeDocumentoXml(doc: DocumentoEni): string {
  const meta = doc.metadatos;
  const id = escapeXml(meta.identificador);
  const estado = `<enidocmeta:EstadoElaboracion>${element('enidocmeta:ValorEstadoElaboracion', meta.estadoElaboracion)}${
    meta.identificadorDocumentoOrigen ? element('enidocmeta:IdentificadorDocumentoOrigen', meta.identificadorDocumentoOrigen) : ''
  }</enidocmeta:EstadoElaboracion>`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<enidoc:documento xmlns:enidoc="${ENI_NS.documento}" xmlns:enifile="${ENI_NS.contenido}" xmlns:enidocmeta="${ENI_NS.metadatosDocumento}" xmlns:enids="${ENI_NS.firma}" Id="${id}">` +
    `<enifile:contenido Id="${id}_CONTENIDO">${element('enifile:ValorBinario', Buffer.from(doc.contenido).toString('base64'))}${element('enifile:NombreFormato', doc.nombreFormato)}</enifile:contenido>` +
    `<enidocmeta:metadatos Id="${id}_METADATOS">` +
    element('enidocmeta:VersionNTI', VERSION_NTI.documento) +
    element('enidocmeta:Identificador', meta.identificador) +
    meta.organos.map((organo) => element('enidocmeta:Organo', organo)).join('') +
    element('enidocmeta:FechaCaptura', meta.fechaCaptura) +
    element('enidocmeta:OrigenCiudadanoAdministracion', meta.origen === 'administracion' ? 'true' : 'false') +
    estado +
    element('enidocmeta:TipoDocumental', meta.tipoDocumental) +
    `</enidocmeta:metadatos>` +
    writeFirmas(doc.firmas) +
    `</enidoc:documento>\n`
  );
}
