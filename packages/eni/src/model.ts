/**
 * The ENI v1.0 expediente and documento electrónico as plain data (NTI Documento electrónico and
 * NTI Expediente electrónico, Resoluciones de 19-07-2011; Ley 39/2015 arts. 26 and 70). Element
 * names keep their official Spanish names; XML is written and read elsewhere in this package.
 */

/** The v1.0 namespaces (all under the same base). */
export const ENI_NS = {
  documento: 'http://administracionelectronica.gob.es/ENI/XSD/v1.0/documento-e',
  contenido: 'http://administracionelectronica.gob.es/ENI/XSD/v1.0/documento-e/contenido',
  metadatosDocumento: 'http://administracionelectronica.gob.es/ENI/XSD/v1.0/documento-e/metadatos',
  firma: 'http://administracionelectronica.gob.es/ENI/XSD/v1.0/firma',
  expediente: 'http://administracionelectronica.gob.es/ENI/XSD/v1.0/expediente-e',
  indice: 'http://administracionelectronica.gob.es/ENI/XSD/v1.0/expediente-e/indice-e',
  indiceContenido: 'http://administracionelectronica.gob.es/ENI/XSD/v1.0/expediente-e/indice-e/contenido',
  metadatosExpediente: 'http://administracionelectronica.gob.es/ENI/XSD/v1.0/expediente-e/metadatos',
  xmldsig: 'http://www.w3.org/2000/09/xmldsig#',
} as const;

/** `VersionNTI` must be exactly these (any other value is refused on import). */
export const VERSION_NTI = { documento: ENI_NS.documento, expediente: ENI_NS.expediente } as const;

/** `FuncionResumen` URIs Tramita writes (SHA-256) and reads (SHA-256 and SHA-512). */
export const DIGEST_URIS = {
  sha256: 'http://www.w3.org/2001/04/xmlenc#sha256',
  sha512: 'http://www.w3.org/2001/04/xmlenc#sha512',
} as const;

/** NTI "Origen": the citizen's or the administration's (false / true in XML). */
export const ORIGENES = ['ciudadano', 'administracion'] as const;
export type Origen = (typeof ORIGENES)[number];

/**
 * EE01 Original · EE02 Copia electrónica auténtica con cambio de formato · EE03 Copia electrónica
 * auténtica de documento papel · EE04 Copia electrónica parcial auténtica · EE99 Otros.
 */
export const ESTADOS_ELABORACION = ['EE01', 'EE02', 'EE03', 'EE04', 'EE99'] as const;
export type EstadoElaboracion = (typeof ESTADOS_ELABORACION)[number];

/** The official TipoDocumental values (TD51–TD69 of some schema copies are not official and are refused). */
export const TIPOS_DOCUMENTALES = [
  'TD01',
  'TD02',
  'TD03',
  'TD04',
  'TD05',
  'TD06',
  'TD07',
  'TD08',
  'TD09',
  'TD10',
  'TD11',
  'TD12',
  'TD13',
  'TD14',
  'TD15',
  'TD16',
  'TD17',
  'TD18',
  'TD19',
  'TD20',
  'TD99',
] as const;
export type TipoDocumental = (typeof TIPOS_DOCUMENTALES)[number];

/** E01 Abierto · E02 Cerrado · E03 Índice para remisión cerrado. */
export const ESTADOS_EXPEDIENTE = ['E01', 'E02', 'E03'] as const;
export type EstadoExpediente = (typeof ESTADOS_EXPEDIENTE)[number];

/** TF01 CSV · TF02 XAdES internally detached · TF03 XAdES enveloped · TF04/TF05 CAdES · TF06 PAdES. */
export const TIPOS_FIRMA = ['TF01', 'TF02', 'TF03', 'TF04', 'TF05', 'TF06'] as const;
export type TipoFirma = (typeof TIPOS_FIRMA)[number];

/** A document's minimum metadata (NTI Documento electrónico, anexo I). */
export interface DocumentoMetadatos {
  /** `ES_<DIR3>_<AAAA>_<30 chars>` (see identifiers.ts). */
  identificador: string;
  /** DIR3 codes of the responsible units (at least one). */
  organos: string[];
  /** When it entered the system: ISO 8601 with an explicit offset. */
  fechaCaptura: string;
  origen: Origen;
  estadoElaboracion: EstadoElaboracion;
  /** The source document's ENI identifier: required for EE02 and EE04 only. */
  identificadorDocumentoOrigen: string | null;
  tipoDocumental: TipoDocumental;
}

/** One signature of a document or of an índice. */
export type FirmaEni =
  | {
      tipo: 'TF01';
      /** `@Id` of the firma element, when it has one. */
      id: string | null;
      /** `@ref`: the Id(s) of the signed node(s), `#`-prefixed, comma-separated. */
      ref: string | null;
      /** The CSV value as stored (no separators). */
      valorCsv: string;
      /** The act that regulates how the CSV is generated (e.g. a BOE-A-… reference). */
      regulacionGeneracionCsv: string;
    }
  | {
      tipo: Exclude<TipoFirma, 'TF01'>;
      id: string | null;
      ref: string | null;
      /** One of: the inline `ds:Signature` element (serialised XML), base64 signature bytes, or a reference to a signature file. */
      firma: { kind: 'ds-signature'; xml: string } | { kind: 'base64'; value: string } | { kind: 'referencia'; value: string };
    };

/** A documento electrónico: content, metadata and at least one signature. */
export interface DocumentoEni {
  /** Content bytes (written inline as `ValorBinario`). */
  contenido: Uint8Array;
  /** Upper-case format name from the NTI Catálogo de estándares (`PDF`, `XML`, `PNG`…). */
  nombreFormato: string;
  metadatos: DocumentoMetadatos;
  firmas: FirmaEni[];
}

/** The expediente's minimum metadata (NTI Expediente electrónico, anexo I). */
export interface ExpedienteMetadatos {
  /** `ES_<DIR3>_<AAAA>_EXP_<30 chars>`. */
  identificador: string;
  organos: string[];
  /** ISO 8601 with an explicit offset. */
  fechaApertura: string;
  /** The SIA code of the procedure, or `<DIR3>_PRO_<id>` when it is not in SIA. */
  clasificacion: string;
  estado: EstadoExpediente;
  /** NIF/NIE of persons or DIR3 of administrations; empty only when there is no interested party. */
  interesados: string[];
}

/** One entry of an índice: a document, a folder, or a sub-expediente. */
export type IndiceEntry =
  | {
      kind: 'documento';
      identificador: string;
      /** Lower-case hex digest of the content bytes. */
      valorHuella: string;
      /** A `DIGEST_URIS` value on write; any URI on read. */
      funcionResumen: string;
      /** When the document entered the expediente (ISO 8601 with offset). */
      fechaIncorporacion: string | null;
      /** "1", "2"… in incorporation order. */
      orden: string | null;
    }
  | { kind: 'carpeta'; identificador: string; entries: IndiceEntry[] }
  | { kind: 'expediente'; identificador: string; fechaIndice: string; entries: IndiceEntry[] };

/** The content of an índice electrónico (what its signatures sign). */
export interface IndiceContenido {
  /** When the índice was generated (ISO 8601 with offset). */
  fechaIndice: string;
  /** At least one entry; folders are never empty. */
  entries: IndiceEntry[];
}

/** A rule broken by an ENI structure: where (an element path such as `metadatos/TipoDocumental`) and what. */
export interface EniProblem {
  element: string;
  message: string;
}
