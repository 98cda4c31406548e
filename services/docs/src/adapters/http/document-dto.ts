import { documentResourceSchema, type DocumentResource, type DocumentVersionResource } from '@tramita/contracts';
import { nombreFormatoFor } from '@tramita/eni';
import type { CsvRecord, CsvRepository } from '../../domain/csv-record.ts';
import type { Document, DocumentVersion } from '../../domain/document.ts';
import type { DocumentRepository } from '../../domain/document-repository.ts';
import type { SedeTime } from '../../application/sede-time.ts';

/** A document's metadata as the API shows it: the contract its readers use (no storage location, ever). */
export const documentDto = documentResourceSchema;
export type DocumentDto = DocumentResource;

export function toDocumentDto(document: Document, csv: CsvRecord | null = null, sede?: SedeTime): DocumentDto {
  const s = document.snapshot();
  const actor = (a: { username: string; displayName: string }) => ({ username: a.username, displayName: a.displayName });
  return {
    id: s.id,
    name: s.name,
    mediaType: s.mediaType,
    size: s.size,
    sha256: s.sha256,
    fileCode: s.fileCode,
    organism: s.organism,
    createdAt: s.createdAt.toISOString(),
    createdBy: actor(s.createdBy),
    updatedAt: s.updatedAt.toISOString(),
    updatedBy: actor(s.updatedBy),
    currentVersion: s.currentVersion,
    csv: csv?.csv ?? null,
    eni: {
      identificador: s.eniIdentifier,
      organos: s.organism === null ? [] : [s.organism],
      fechaCaptura: sede ? sede.iso(s.capturedAt) : s.capturedAt.toISOString(),
      origen: s.eni.origen,
      estadoElaboracion: s.eni.estadoElaboracion,
      identificadorDocumentoOrigen: s.eni.documentoOrigen,
      tipoDocumental: s.eni.tipoDocumental as NonNullable<DocumentDto['eni']>['tipoDocumental'],
      nombreFormato: nombreFormatoFor(s.mediaType),
    },
    position: s.position,
    folder: s.folder,
    incorporatedAt: s.incorporatedAt?.toISOString() ?? null,
    removal: s.removal === null ? null : { at: s.removal.at.toISOString(), by: actor(s.removal.by), reason: s.removal.reason },
  };
}

export function toVersionDto(version: DocumentVersion, csv: CsvRecord | undefined): DocumentVersionResource {
  return {
    version: version.version,
    name: version.name,
    mediaType: version.mediaType,
    size: version.size,
    sha256: version.sha256,
    csv: csv?.csv ?? null,
    csvStatus: csv === undefined ? null : csv.annulment === null ? 'VIGENTE' : 'ANULADO',
    contentUrl: `/api/docs/${version.documentId}/versions/${version.version}/content`,
    createdAt: version.createdAt.toISOString(),
    createdBy: { username: version.createdBy.username, displayName: version.createdBy.displayName },
  };
}

/** Turns documents into their resources, with the CSV of each one's current version. */
export class DocumentPresenter {
  readonly #csvs: CsvRepository;
  readonly #documents: DocumentRepository;
  readonly #sede: SedeTime;

  constructor(csvs: CsvRepository, documents: DocumentRepository, sede: SedeTime) {
    this.#csvs = csvs;
    this.#documents = documents;
    this.#sede = sede;
  }

  async document(document: Document): Promise<DocumentDto> {
    const csvs = await this.#csvs.forDocument(document.id);
    return toDocumentDto(document, csvs.get(document.snapshot().currentVersion) ?? null, this.#sede);
  }

  async documents(documents: Document[]): Promise<DocumentDto[]> {
    return Promise.all(documents.map((document) => this.document(document)));
  }

  async versions(document: Document): Promise<DocumentVersionResource[]> {
    const [versions, csvs] = await Promise.all([this.#documents.listVersions(document.id), this.#csvs.forDocument(document.id)]);
    return versions.map((version) => toVersionDto(version, csvs.get(version.version)));
  }
}
