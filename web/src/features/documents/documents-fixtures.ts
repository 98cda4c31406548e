import { fakeApi, json, problem, type Handler } from '../../test/harness.tsx';
import type { DocumentItem, Indice, IndiceSnapshot, VersionItem } from './documents.ts';

/**
 * Fakes of docs' ENI resources for the web's tests, typed by docs' contracts (packages/contracts
 * src/docs.ts and eni.ts), and a fake docs that keeps what each accepted change did.
 */
export const ana = { username: 'ana', displayName: 'Pérez Gil, Ana' };
export const CSV_1 = 'SEV7K3M9QX2RTVB6WZ4HNPCJD';
export const CSV_2 = 'SEV4HNPCJD8FG7K3M9QX2RTVA';
const HASH_1 = 'a1b2c3d4e5f6'.padEnd(64, '0');
const HASH_2 = 'ffeeddccbbaa'.padEnd(64, '9');

export function documentItem(overrides: Partial<DocumentItem> = {}): DocumentItem {
  return {
    id: 'd1',
    name: 'Solicitud.pdf',
    mediaType: 'application/pdf',
    size: 2048,
    sha256: HASH_1,
    fileCode: 'EXP-1',
    organism: 'L01280796',
    createdAt: '2026-07-01T08:30:00Z',
    createdBy: ana,
    updatedAt: '2026-07-01T08:30:00Z',
    updatedBy: ana,
    currentVersion: 1,
    csv: CSV_1,
    eni: {
      identificador: 'ES_L01280796_2026_000000000000000000000000000001',
      organos: ['L01280796'],
      fechaCaptura: '2026-07-01T08:30:00Z',
      origen: 'ciudadano',
      estadoElaboracion: 'EE01',
      identificadorDocumentoOrigen: null,
      tipoDocumental: 'TD14',
      nombreFormato: 'PDF',
    },
    position: 1,
    folder: null,
    incorporatedAt: '2026-07-01T08:30:00Z',
    removal: null,
    ...overrides,
  } satisfies DocumentItem;
}

export function versionItem(overrides: Partial<VersionItem> = {}): VersionItem {
  return {
    version: 1,
    name: 'Solicitud.pdf',
    mediaType: 'application/pdf',
    size: 2048,
    sha256: HASH_1,
    csv: CSV_1,
    csvStatus: 'VIGENTE',
    contentUrl: '/api/docs/d1/versions/1/content',
    createdAt: '2026-07-01T08:30:00Z',
    createdBy: ana,
    ...overrides,
  } satisfies VersionItem;
}

export function snapshot(overrides: Partial<IndiceSnapshot> = {}): IndiceSnapshot {
  return {
    id: 's1',
    estado: 'E03',
    fechaIndice: '2026-07-03T10:00:00Z',
    firmas: ['TF01', 'TF02'],
    csv: 'IDX4HNPCJD8FG7K3M9QX2RTVA',
    entries: [],
    createdAt: '2026-07-03T10:00:00Z',
    createdBy: ana,
    ...overrides,
  } satisfies IndiceSnapshot;
}

export function indice(overrides: Partial<Indice> = {}): Indice {
  return {
    fileCode: 'EXP-1',
    identificador: 'ES_L01280796_2026_EXP_00000000000000000000000000EXP1',
    estado: 'E01',
    current: {
      fechaIndice: '2026-07-02T09:00:00Z',
      entries: [
        {
          kind: 'documento',
          documentId: 'd1',
          identificador: 'ES_L01280796_2026_000000000000000000000000000001',
          name: 'Solicitud.pdf',
          valorHuella: HASH_1,
          funcionResumen: 'http://www.w3.org/2001/04/xmlenc#sha256',
          fechaIncorporacion: '2026-07-01T08:30:00Z',
          orden: '1',
        },
        {
          kind: 'carpeta',
          identificador: 'informes',
          entries: [
            {
              kind: 'documento',
              documentId: 'd2',
              identificador: 'ES_L01280796_2026_000000000000000000000000000002',
              name: 'Informe.pdf',
              valorHuella: HASH_2,
              funcionResumen: 'http://www.w3.org/2001/04/xmlenc#sha256',
              fechaIncorporacion: '2026-07-02T08:00:00Z',
              orden: '2',
            },
          ],
        },
      ],
    },
    snapshots: [],
    ...overrides,
  } satisfies Indice;
}

export interface Sent {
  method: string;
  path: string;
  /** A JSON body as a value; a multipart body as its FormData. */
  body: unknown;
  headers: Headers;
}

/**
 * A fake gateway for the documents' routes: the API client's calls go through the harness, and the
 * multipart ones (sent with the browser's own fetch) through a stub of it over the same routes.
 */
export function docsServer(routes: Record<string, Handler>) {
  // The forms the page sends (uploads), as the API client sent them.
  const multipart: Sent[] = [];
  const recorded = Object.fromEntries(
    Object.entries(routes).map(([key, handler]): [string, Handler] => [
      key,
      (request) => {
        if (request.body instanceof FormData)
          multipart.push({ method: request.method, path: request.url.pathname, body: request.body, headers: request.headers });
        return handler(request);
      },
    ]),
  );
  const { api, calls } = fakeApi(recorded);
  return { api, calls, multipart };
}

export { json, problem };
