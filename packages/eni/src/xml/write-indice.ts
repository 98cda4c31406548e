import { ENI_NS, type FirmaEni, type IndiceContenido, type IndiceEntry } from '../model.ts';
import { element, escapeXml } from './escape.ts';
import { writeFirmas } from './write-firmas.ts';

/** The Id of an expediente's IndiceContenido, which its signatures reference. */
export const indiceContenidoId = (expedienteId: string): string => `INDICE_CONTENIDO_${expedienteId}`;

/**
 * The `eniexpind:IndiceContenido` element alone, declaring the namespaces it uses, so it can be
 * signed standalone and embedded verbatim. Its children are in the `eniconexpind` namespace (they
 * belong to TipoIndiceContenido), although the element itself is `indice-e`'s.
 */
export function writeIndiceContenidoXml(expedienteId: string, contenido: IndiceContenido): string {
  if (contenido.entries.length === 0) throw new Error('An índice electrónico needs at least one entry');
  return (
    `<eniexpind:IndiceContenido xmlns:eniexpind="${ENI_NS.indice}" xmlns:eniconexpind="${ENI_NS.indiceContenido}" Id="${escapeXml(indiceContenidoId(expedienteId))}">` +
    element('eniconexpind:FechaIndiceElectronico', contenido.fechaIndice) +
    contenido.entries.map(writeEntry).join('') +
    `</eniexpind:IndiceContenido>`
  );
}

function writeEntry(entry: IndiceEntry): string {
  switch (entry.kind) {
    case 'documento':
      return (
        `<eniconexpind:DocumentoIndizado>` +
        element('eniconexpind:IdentificadorDocumento', entry.identificador) +
        element('eniconexpind:ValorHuella', entry.valorHuella) +
        element('eniconexpind:FuncionResumen', entry.funcionResumen) +
        (entry.fechaIncorporacion ? element('eniconexpind:FechaIncorporacionExpediente', entry.fechaIncorporacion) : '') +
        (entry.orden ? element('eniconexpind:OrdenDocumentoExpediente', entry.orden) : '') +
        `</eniconexpind:DocumentoIndizado>`
      );
    case 'carpeta':
      if (entry.entries.length === 0) throw new Error(`The folder ${entry.identificador} is empty: an índice never holds an empty folder`);
      return `<eniconexpind:CarpetaIndizada>${element('eniconexpind:IdentificadorCarpeta', entry.identificador)}${entry.entries.map(writeEntry).join('')}</eniconexpind:CarpetaIndizada>`;
    case 'expediente':
      if (entry.entries.length === 0) throw new Error(`The sub-expediente ${entry.identificador} has no entries`);
      return `<eniconexpind:ExpedienteIndizado Id="${escapeXml(entry.identificador)}">${element('eniconexpind:FechaIndiceElectronico', entry.fechaIndice)}${entry.entries.map(writeEntry).join('')}</eniconexpind:ExpedienteIndizado>`;
  }
}

/** The `eniexpind:indice`: the given (possibly signed) IndiceContenido verbatim, then its signatures. */
export function writeIndiceXml(expedienteId: string, indiceContenidoXml: string, firmas: readonly FirmaEni[]): string {
  return (
    `<eniexpind:indice xmlns:eniexpind="${ENI_NS.indice}" xmlns:eniconexpind="${ENI_NS.indiceContenido}" xmlns:enids="${ENI_NS.firma}" Id="INDICE_${escapeXml(expedienteId)}">` +
    indiceContenidoXml +
    writeFirmas(firmas) +
    `</eniexpind:indice>`
  );
}
