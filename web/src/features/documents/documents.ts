import type {
  DocumentEniInput,
  DocumentEniResource,
  DocumentListResource,
  DocumentResource,
  DocumentVersionListResource,
  DocumentVersionResource,
  IndiceEntryResource,
  IndiceResource,
  IndiceSnapshotResource,
} from '@tramita/contracts';
import type { ApiClient } from '../api/client.ts';

/** docs' resources, as its contracts define them (packages/contracts/src/docs.ts and eni.ts). */
export type DocumentItem = DocumentResource;
export type DocumentList = DocumentListResource;
export type VersionItem = DocumentVersionResource;
export type VersionList = DocumentVersionListResource;
export type Indice = IndiceResource;
export type IndiceEntry = IndiceEntryResource;
export type IndiceSnapshot = IndiceSnapshotResource;
export type EniInput = DocumentEniInput;
export type TipoDocumental = DocumentEniResource['tipoDocumental'];
export type EstadoElaboracion = DocumentEniResource['estadoElaboracion'];
export type Origen = DocumentEniResource['origen'];

/** The official TipoDocumental values (NTI Documento electrónico, anexo I), in the catalogue's order. */
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
] as const satisfies readonly TipoDocumental[];

export const ESTADOS_ELABORACION = ['EE01', 'EE02', 'EE03', 'EE04', 'EE99'] as const satisfies readonly EstadoElaboracion[];
export const ORIGENES = ['ciudadano', 'administracion'] as const satisfies readonly Origen[];

/** A copy with a change of format (EE02) or a partial copy (EE04) names the document it copies (NTI Documento electrónico). */
export function needsSourceDocument(estado: EstadoElaboracion | ''): boolean {
  return estado === 'EE02' || estado === 'EE04';
}

/** The folder rule docs applies (documentEniInputSchema): letters, digits, ".", "_" or "-", at most 64. */
export const FOLDER_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
export const SOURCE_MAX = 52;
export const REASON_MAX = 500;

export const documentsPath = (code: string) => `/api/docs?fileCode=${encodeURIComponent(code)}&includeRemoved=true`;
export const addDocumentPath = (code: string) => `/api/files/${encodeURIComponent(code)}/documents`;
export const documentPath = (id: string) => `/api/docs/${encodeURIComponent(id)}`;
export const indicePath = (code: string) => `/api/files/${encodeURIComponent(code)}/indice`;
export const remisionesPath = (code: string) => `/api/files/${encodeURIComponent(code)}/remisiones`;
export const eniExportPath = (code: string) => `/api/files/${encodeURIComponent(code)}/eni`;
export const ENI_IMPORTS_PATH = '/api/eni/imports';

/** A CSV as people read it: groups of five joined by hyphens (verification ignores them). */
export function groupCsv(csv: string): string {
  return (csv.match(/.{1,5}/g) ?? []).join('-');
}

/** The first characters of a hex digest, enough to compare by eye; the full value goes in a title. */
export function abbreviateHash(hex: string, length = 12): string {
  return hex.length > length ? `${hex.slice(0, length)}…` : hex;
}

/** The name of a digest function URI (`…#sha256` → `SHA-256`), or the URI itself when unknown. */
export function digestName(uri: string): string {
  const match = /#sha(\d+)$/i.exec(uri);
  return match ? `SHA-${match[1]}` : uri;
}

/** The documents in índice order (position), the removed ones after them, newest removal last. */
export function inIndiceOrder(items: DocumentItem[]): DocumentItem[] {
  const key = (d: DocumentItem) => d.position ?? Number.MAX_SAFE_INTEGER;
  return [...items].sort((a, b) => Number(Boolean(a.removal)) - Number(Boolean(b.removal)) || key(a) - key(b) || a.createdAt.localeCompare(b.createdAt));
}

/** The document entries of an índice, folders flattened, each with the folder it sits in. */
export function indiceRows(
  entries: IndiceEntry[],
  folder: string | null = null,
): { entry: Extract<IndiceEntry, { kind: 'documento' }>; folder: string | null }[] {
  return entries.flatMap((entry) => (entry.kind === 'carpeta' ? indiceRows(entry.entries, entry.identificador) : [{ entry, folder }]));
}

/** A file type shown from the ENI format name when docs knows it, else from the media type (`application/pdf` → `pdf`). */
export function formatOf(document: DocumentItem): string {
  return document.eni?.nombreFormato ?? document.mediaType.split('/').pop()?.toUpperCase() ?? document.mediaType;
}

/**
 * Sends a multipart form (text fields first, then the file, as docs reads them in one pass) through
 * the API client, so a token that expired meanwhile is renewed and the form sent again.
 */
export async function postMultipart<T>(api: ApiClient, path: string, fields: Record<string, string | null | undefined>, file: File): Promise<T> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) if (value) form.append(name, value);
  form.append('file', file, file.name);
  return (await api.json<T>('POST', path, { form })).data;
}
