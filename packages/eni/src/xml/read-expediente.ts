import type { Element } from '@xmldom/xmldom';
import {
  ENI_NS,
  ESTADOS_EXPEDIENTE,
  VERSION_NTI,
  type EniProblem,
  type EstadoExpediente,
  type ExpedienteMetadatos,
  type FirmaEni,
  type IndiceContenido,
  type IndiceEntry,
} from '../model.ts';
import { child, childElements, children, EniReadError, parseXml, text } from './parse.ts';
import { readFirmas } from './read-firmas.ts';

export interface ExpedienteRead {
  metadatos: ExpedienteMetadatos;
  indice: IndiceContenido;
  indiceFirmas: FirmaEni[];
  indiceContenidoId: string | null;
}

/** Reads an expediente ENI (v1.0): metadata, índice and the índice's signatures; the first problem is named. */
export function readExpedienteXml(xml: string): { ok: true; expediente: ExpedienteRead } | { ok: false; problem: EniProblem } {
  try {
    return { ok: true, expediente: read(xml) };
  } catch (error) {
    if (error instanceof EniReadError) return { ok: false, problem: error.problem };
    throw error;
  }
}

function read(xml: string): ExpedienteRead {
  const root = parseXml(xml, 'expediente').documentElement;
  if (!root || root.localName !== 'expediente') throw new EniReadError({ element: 'expediente', message: 'The root element is not an expediente.' });
  if (root.namespaceURI !== ENI_NS.expediente) {
    throw new EniReadError({
      element: 'expediente',
      message: `The namespace ${root.namespaceURI ?? '(none)'} is not ENI v1.0's expediente-e; only v1.0 is accepted.`,
    });
  }
  const indice = child(root, ENI_NS.indice, 'indice', 'indice');
  const contenido = child(indice, ENI_NS.indice, 'IndiceContenido', 'indice/IndiceContenido');
  const meta = child(root, ENI_NS.metadatosExpediente, 'metadatosExp', 'metadatosExp');
  const m = (local: string) => text(child(meta, ENI_NS.metadatosExpediente, local, `metadatosExp/${local}`));
  const version = m('VersionNTI');
  if (version !== VERSION_NTI.expediente)
    throw new EniReadError({ element: 'metadatosExp/VersionNTI', message: `${version} is not ${VERSION_NTI.expediente}.` });
  const estado = m('Estado');
  if (!(ESTADOS_EXPEDIENTE as readonly string[]).includes(estado))
    throw new EniReadError({ element: 'metadatosExp/Estado', message: `${estado} is not E01, E02 or E03.` });
  return {
    metadatos: {
      identificador: m('Identificador'),
      organos: children(meta, ENI_NS.metadatosExpediente, 'Organo').map(text),
      fechaApertura: m('FechaAperturaExpediente'),
      clasificacion: m('Clasificacion'),
      estado: estado as EstadoExpediente,
      interesados: children(meta, ENI_NS.metadatosExpediente, 'Interesado').map(text),
    },
    indice: {
      fechaIndice: text(child(contenido, ENI_NS.indiceContenido, 'FechaIndiceElectronico', 'indice/IndiceContenido/FechaIndiceElectronico')),
      entries: readEntries(contenido, 'indice/IndiceContenido'),
    },
    indiceFirmas: readFirmas(child(indice, ENI_NS.firma, 'firmas', 'indice/firmas'), 'indice/firmas'),
    indiceContenidoId: contenido.getAttribute('Id'),
  };
}

function readEntries(parent: Element, path: string): IndiceEntry[] {
  return childElements(parent)
    .filter((e) => e.namespaceURI === ENI_NS.indiceContenido && e.localName !== 'FechaIndiceElectronico' && e.localName !== 'IdentificadorCarpeta')
    .map((e, index): IndiceEntry => {
      const where = `${path}/${e.localName}[${index + 1}]`;
      const field = (local: string) => text(child(e, ENI_NS.indiceContenido, local, `${where}/${local}`));
      const optional = (local: string) => {
        const found = children(e, ENI_NS.indiceContenido, local)[0];
        return found ? text(found) : null;
      };
      if (e.localName === 'DocumentoIndizado') {
        return {
          kind: 'documento',
          identificador: field('IdentificadorDocumento'),
          valorHuella: field('ValorHuella'),
          funcionResumen: field('FuncionResumen'),
          fechaIncorporacion: optional('FechaIncorporacionExpediente'),
          orden: optional('OrdenDocumentoExpediente'),
        };
      }
      if (e.localName === 'CarpetaIndizada') return { kind: 'carpeta', identificador: field('IdentificadorCarpeta'), entries: readEntries(e, where) };
      if (e.localName === 'ExpedienteIndizado')
        return { kind: 'expediente', identificador: e.getAttribute('Id') ?? '', fechaIndice: field('FechaIndiceElectronico'), entries: readEntries(e, where) };
      throw new EniReadError({ element: where, message: `${e.localName} is not an índice entry.` });
    });
}
