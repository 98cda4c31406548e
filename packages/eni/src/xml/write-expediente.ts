import { ENI_NS, VERSION_NTI, type ExpedienteMetadatos } from '../model.ts';
import { element, escapeXml } from './escape.ts';

/** The expediente ENI as a whole XML document: the signed índice verbatim, then the metadata (NTI Expediente electrónico). */
export function writeExpedienteXml(meta: ExpedienteMetadatos, indiceXml: string): string {
  const id = escapeXml(meta.identificador);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<eniexp:expediente xmlns:eniexp="${ENI_NS.expediente}" xmlns:eniexpmeta="${ENI_NS.metadatosExpediente}" Id="${id}">` +
    indiceXml +
    `<eniexpmeta:metadatosExp Id="METADATOS_${id}">` +
    element('eniexpmeta:VersionNTI', VERSION_NTI.expediente) +
    element('eniexpmeta:Identificador', meta.identificador) +
    meta.organos.map((organo) => element('eniexpmeta:Organo', organo)).join('') +
    element('eniexpmeta:FechaAperturaExpediente', meta.fechaApertura) +
    element('eniexpmeta:Clasificacion', meta.clasificacion) +
    element('eniexpmeta:Estado', meta.estado) +
    meta.interesados.map((interesado) => element('eniexpmeta:Interesado', interesado)).join('') +
    `</eniexpmeta:metadatosExp>` +
    `</eniexp:expediente>\n`
  );
}
