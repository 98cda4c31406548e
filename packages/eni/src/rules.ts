import { checkDocumentoIdentificador, checkExpedienteIdentificador, isDir3 } from './identifiers.ts';
import {
  ESTADOS_ELABORACION,
  ESTADOS_EXPEDIENTE,
  TIPOS_DOCUMENTALES,
  type DocumentoMetadatos,
  type EniProblem,
  type ExpedienteMetadatos,
  type FirmaEni,
} from './model.ts';

/**
 * The rules of the NTI that the XML Schemas do not enforce, checked on everything Tramita writes
 * (NTI Documento electrónico and Expediente electrónico; Catálogo de estándares for formats).
 */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function checkDocumentoMetadatos(meta: DocumentoMetadatos): EniProblem[] {
  const problems: EniProblem[] = [];
  if (meta.organos.length === 0) problems.push({ element: 'metadatos/Organo', message: 'A document names at least one órgano.' });
  for (const organo of meta.organos) if (!isDir3(organo)) problems.push({ element: 'metadatos/Organo', message: `${organo} is not a DIR3 code.` });
  if (!ISO_WITH_OFFSET.test(meta.fechaCaptura))
    problems.push({ element: 'metadatos/FechaCaptura', message: `${meta.fechaCaptura} is not a date and time with its offset.` });
  else problems.push(...checkDocumentoIdentificador(meta.identificador, { organos: meta.organos, fechaCaptura: meta.fechaCaptura }));
  if (!(ESTADOS_ELABORACION as readonly string[]).includes(meta.estadoElaboracion)) {
    problems.push({ element: 'metadatos/EstadoElaboracion/ValorEstadoElaboracion', message: `${meta.estadoElaboracion} is not EE01–EE04 or EE99.` });
  }
  const isCopy = meta.estadoElaboracion === 'EE02' || meta.estadoElaboracion === 'EE04';
  if (isCopy && !meta.identificadorDocumentoOrigen) {
    problems.push({
      element: 'metadatos/EstadoElaboracion/IdentificadorDocumentoOrigen',
      message: `A copy (${meta.estadoElaboracion}) names the document it copies.`,
    });
  }
  if (!isCopy && meta.identificadorDocumentoOrigen) {
    problems.push({ element: 'metadatos/EstadoElaboracion/IdentificadorDocumentoOrigen', message: 'Only EE02 and EE04 copies name a source document.' });
  }
  if (!(TIPOS_DOCUMENTALES as readonly string[]).includes(meta.tipoDocumental)) {
    problems.push({ element: 'metadatos/TipoDocumental', message: `${meta.tipoDocumental} is not an official tipo documental (TD01–TD20, TD99).` });
  }
  return problems;
}

export function checkExpedienteMetadatos(meta: ExpedienteMetadatos, context: { hasInteresados: boolean }): EniProblem[] {
  const problems: EniProblem[] = [];
  if (meta.organos.length === 0) problems.push({ element: 'metadatosExp/Organo', message: 'An expediente names at least one órgano.' });
  for (const organo of meta.organos) if (!isDir3(organo)) problems.push({ element: 'metadatosExp/Organo', message: `${organo} is not a DIR3 code.` });
  if (!ISO_WITH_OFFSET.test(meta.fechaApertura))
    problems.push({ element: 'metadatosExp/FechaAperturaExpediente', message: `${meta.fechaApertura} is not a date and time with its offset.` });
  else problems.push(...checkExpedienteIdentificador(meta.identificador, { organos: meta.organos, fechaApertura: meta.fechaApertura }));
  if (!/^[A-Z0-9]{9}_PRO_.+$/.test(meta.clasificacion) && !/^\d+$/.test(meta.clasificacion)) {
    problems.push({ element: 'metadatosExp/Clasificacion', message: `${meta.clasificacion} is neither a SIA code nor <DIR3>_PRO_<procedure>.` });
  }
  if (!(ESTADOS_EXPEDIENTE as readonly string[]).includes(meta.estado))
    problems.push({ element: 'metadatosExp/Estado', message: `${meta.estado} is not E01, E02 or E03.` });
  if (context.hasInteresados && meta.interesados.length === 0)
    problems.push({ element: 'metadatosExp/Interesado', message: 'The expediente has interesados: name them.' });
  return problems;
}

export function checkFirmas(firmas: readonly FirmaEni[], element = 'firmas'): EniProblem[] {
  if (firmas.length === 0) return [{ element, message: 'At least one signature is required.' }];
  return firmas.flatMap((firma): EniProblem[] => {
    if (firma.tipo === 'TF01') {
      return firma.valorCsv && firma.regulacionGeneracionCsv
        ? []
        : [{ element: `${element}/firma/ContenidoFirma/CSV`, message: 'A CSV signature carries its value and its regulation.' }];
    }
    const present = firma.firma.kind === 'ds-signature' ? firma.firma.xml.length > 0 : firma.firma.value.length > 0;
    return present ? [] : [{ element: `${element}/firma/ContenidoFirma/FirmaConCertificado`, message: 'A certificate signature carries the signature.' }];
  });
}

/** NombreFormato per the NTI Catálogo de estándares (upper-case names), by media type. */
const FORMATS: Array<[string, string]> = [
  ['application/pdf', 'PDF'],
  ['image/png', 'PNG'],
  ['image/jpeg', 'JPEG'],
  ['image/tiff', 'TIFF'],
  ['image/svg+xml', 'SVG'],
  ['image/gif', 'GIF'],
  ['text/plain', 'TXT'],
  ['application/xml', 'XML'],
  ['text/xml', 'XML'],
  ['text/html', 'HTML'],
  ['text/csv', 'CSV'],
  ['application/rtf', 'RTF'],
  ['application/vnd.oasis.opendocument.text', 'ODT'],
  ['application/vnd.oasis.opendocument.spreadsheet', 'ODS'],
  ['application/vnd.oasis.opendocument.presentation', 'ODP'],
  ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'DOCX'],
  ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'XLSX'],
  ['application/vnd.openxmlformats-officedocument.presentationml.presentation', 'PPTX'],
  ['application/zip', 'ZIP'],
  ['application/gzip', 'GZIP'],
  ['audio/mpeg', 'MP3'],
  ['video/mp4', 'MP4'],
];

export function nombreFormatoFor(mediaType: string): string | null {
  const type = mediaType.split(';')[0]!.trim().toLowerCase();
  return FORMATS.find(([media]) => media === type)?.[1] ?? null;
}

export function mediaTypeFor(nombreFormato: string): string | null {
  const name = nombreFormato.trim().toUpperCase();
  return FORMATS.find(([, format]) => format === name)?.[0] ?? null;
}
