import { ENI_NS, ESTADOS_ELABORACION, VERSION_NTI, type DocumentoEni, type EniProblem, type EstadoElaboracion, type TipoDocumental } from '../model.ts';
import { child, children, EniReadError, optionalChild, parseXml, text } from './parse.ts';
import { readFirmas } from './read-firmas.ts';

/** Reads a documento ENI (v1.0); the first problem found is named with its element path. */
export function readDocumentoXml(xml: string): { ok: true; documento: DocumentoEni } | { ok: false; problem: EniProblem } {
  try {
    return { ok: true, documento: read(xml) };
  } catch (error) {
    if (error instanceof EniReadError) return { ok: false, problem: error.problem };
    throw error;
  }
}

function read(xml: string): DocumentoEni {
  const root = parseXml(xml, 'documento').documentElement;
  if (!root || root.localName !== 'documento') throw new EniReadError({ element: 'documento', message: 'The root element is not a documento.' });
  if (root.namespaceURI !== ENI_NS.documento) {
    throw new EniReadError({
      element: 'documento',
      message: `The namespace ${root.namespaceURI ?? '(none)'} is not ENI v1.0's documento-e; only v1.0 is accepted.`,
    });
  }
  const contenido = child(root, ENI_NS.contenido, 'contenido', 'contenido');
  const binary = optionalChild(contenido, ENI_NS.contenido, 'ValorBinario');
  if (!binary) {
    const other = optionalChild(contenido, ENI_NS.contenido, 'referenciaFichero') ? 'referenciaFichero' : 'DatosXML';
    throw new EniReadError({ element: `contenido/${other}`, message: `Content given as ${other} is not supported: send it inline as ValorBinario.` });
  }
  const base64 = text(binary).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) throw new EniReadError({ element: 'contenido/ValorBinario', message: 'The content is not base64.' });
  const meta = child(root, ENI_NS.metadatosDocumento, 'metadatos', 'metadatos');
  const m = (local: string) => text(child(meta, ENI_NS.metadatosDocumento, local, `metadatos/${local}`));
  const version = m('VersionNTI');
  if (version !== VERSION_NTI.documento) throw new EniReadError({ element: 'metadatos/VersionNTI', message: `${version} is not ${VERSION_NTI.documento}.` });
  const estado = child(meta, ENI_NS.metadatosDocumento, 'EstadoElaboracion', 'metadatos/EstadoElaboracion');
  const valorEstado = text(child(estado, ENI_NS.metadatosDocumento, 'ValorEstadoElaboracion', 'metadatos/EstadoElaboracion/ValorEstadoElaboracion'));
  if (!(ESTADOS_ELABORACION as readonly string[]).includes(valorEstado)) {
    throw new EniReadError({ element: 'metadatos/EstadoElaboracion/ValorEstadoElaboracion', message: `${valorEstado} is not EE01–EE04 or EE99.` });
  }
  const origen = m('OrigenCiudadanoAdministracion');
  if (!['true', 'false', '1', '0'].includes(origen))
    throw new EniReadError({ element: 'metadatos/OrigenCiudadanoAdministracion', message: `${origen} is not a boolean.` });
  const origenDocumento = optionalChild(estado, ENI_NS.metadatosDocumento, 'IdentificadorDocumentoOrigen');
  const firmas = optionalChild(root, ENI_NS.firma, 'firmas');
  return {
    contenido: new Uint8Array(Buffer.from(base64, 'base64')),
    nombreFormato: text(child(contenido, ENI_NS.contenido, 'NombreFormato', 'contenido/NombreFormato')),
    metadatos: {
      identificador: m('Identificador'),
      organos: children(meta, ENI_NS.metadatosDocumento, 'Organo').map(text),
      fechaCaptura: m('FechaCaptura'),
      origen: origen === 'true' || origen === '1' ? 'administracion' : 'ciudadano',
      estadoElaboracion: valorEstado as EstadoElaboracion,
      identificadorDocumentoOrigen: origenDocumento ? text(origenDocumento) : null,
      tipoDocumental: m('TipoDocumental') as TipoDocumental,
    },
    firmas: firmas ? readFirmas(firmas, 'firmas') : [],
  };
}
