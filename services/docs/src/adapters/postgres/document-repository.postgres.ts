import { sql, type Kysely, type Selectable } from 'kysely';
import { isUuid } from '@tramita/kernel';
import { Document, type DocumentEniMetadata, type DocumentVersion } from '../../domain/document.ts';
import type { DocumentRepository } from '../../domain/document-repository.ts';
import type { DocsDatabase, DocumentsTable, DocumentVersionsTable } from './database.ts';

/** Documents in PostgreSQL (or PGlite); bind it to a transaction to act inside it. */
export class PostgresDocumentRepository implements DocumentRepository {
  readonly #db: Kysely<DocsDatabase>;

  constructor(db: Kysely<DocsDatabase>) {
    this.#db = db;
  }

  async insert(document: Document): Promise<void> {
    await this.#db.insertInto('documents').values(toRow(document)).execute();
    await this.insertVersion(document.currentVersionRecord());
  }

  async getForUpdate(id: string): Promise<Document | null> {
    if (!isUuid(id)) return null;
    const row = await this.#db.selectFrom('documents').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  async insertVersion(version: DocumentVersion): Promise<void> {
    await this.#db.insertInto('document_versions').values(versionToRow(version)).execute();
  }

  async listVersions(documentId: string): Promise<DocumentVersion[]> {
    if (!isUuid(documentId)) return [];
    const rows = await this.#db.selectFrom('document_versions').selectAll().where('document_id', '=', documentId).orderBy('version').execute();
    return rows.map(versionFromRow);
  }

  async getVersion(documentId: string, version: number): Promise<DocumentVersion | null> {
    if (!isUuid(documentId)) return null;
    const row = await this.#db
      .selectFrom('document_versions')
      .selectAll()
      .where('document_id', '=', documentId)
      .where('version', '=', version)
      .executeTakeFirst();
    return row ? versionFromRow(row) : null;
  }

  async nextPosition(organism: string, fileCode: string): Promise<number> {
    const row = await this.#db
      .selectFrom('documents')
      .select((eb) => eb.fn.max('position').as('last'))
      .where('organism', '=', organism)
      .where('file_code', '=', fileCode)
      .executeTakeFirst();
    return Number(row?.last ?? 0) + 1;
  }

  async get(id: string): Promise<Document | null> {
    if (!isUuid(id)) return null;
    const row = await this.#db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  async getManyForUpdate(ids: string[]): Promise<Document[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    const rows = await this.#db.selectFrom('documents').selectAll().where('id', 'in', valid).orderBy('id').forUpdate().execute();
    return rows.map(fromRow);
  }

  async update(document: Document): Promise<void> {
    const { id: _id, ...changes } = toRow(document);
    await this.#db.updateTable('documents').set(changes).where('id', '=', document.id).execute();
  }

  async listByFileCode(fileCode: string, organisms: readonly string[] | 'all', options: { includeRemoved?: boolean } = {}): Promise<Document[]> {
    let query = this.#db.selectFrom('documents').selectAll().where('file_code', '=', fileCode);
    if (organisms !== 'all') query = organisms.length > 0 ? query.where('organism', 'in', [...organisms]) : query.where(sql<boolean>`false`);
    if (!options.includeRemoved) query = query.where('removed_at', 'is', null);
    const rows = await query
      .orderBy(sql`position nulls last`)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(fromRow);
  }

  async adoptUnowned(organism: string): Promise<number> {
    const result = await this.#db
      .updateTable('documents')
      .set({ organism })
      .where('file_code', 'is not', null)
      .where('organism', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async listUnattachedCreatedBefore(cutoff: Date, limit: number): Promise<string[]> {
    const rows = await this.#db
      .selectFrom('documents')
      .select('id')
      .where('file_code', 'is', null)
      .where('created_at', '<', cutoff)
      .orderBy('created_at')
      .limit(limit)
      .execute();
    return rows.map((row) => row.id);
  }

  async hasEniIdentifier(identifier: string): Promise<boolean> {
    return (await this.#db.selectFrom('documents').select('id').where('eni_identifier', '=', identifier).executeTakeFirst()) !== undefined;
  }

  async removeIfUnattached(id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const result = await this.#db.deleteFrom('documents').where('id', '=', id).where('file_code', 'is', null).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

function toRow(document: Document): Omit<DocumentsTable, 'current_version'> & { current_version: number } {
  const s = document.snapshot();
  return {
    id: s.id,
    name: s.name,
    media_type: s.mediaType,
    size: s.size,
    sha256: s.sha256,
    file_code: s.fileCode,
    attachment_id: s.attachmentId,
    organism: s.organism,
    created_at: s.createdAt,
    created_by_username: s.createdBy.username,
    created_by_display_name: s.createdBy.displayName,
    updated_at: s.updatedAt,
    updated_by_username: s.updatedBy.username,
    updated_by_display_name: s.updatedBy.displayName,
    current_version: s.currentVersion,
    captured_at: s.capturedAt,
    eni_identifier: s.eniIdentifier,
    origen: s.eni.origen,
    estado_elaboracion: s.eni.estadoElaboracion,
    documento_origen: s.eni.documentoOrigen,
    tipo_documental: s.eni.tipoDocumental,
    folder: s.folder,
    position: s.position,
    incorporated_at: s.incorporatedAt,
    removed_at: s.removal?.at ?? null,
    removed_by_username: s.removal?.by.username ?? null,
    removed_by_display_name: s.removal?.by.displayName ?? null,
    removal_reason: s.removal?.reason ?? null,
  };
}

function fromRow(row: Selectable<DocumentsTable>): Document {
  return Document.restore({
    id: row.id,
    name: row.name,
    mediaType: row.media_type,
    size: Number(row.size),
    sha256: row.sha256,
    fileCode: row.file_code,
    attachmentId: row.attachment_id,
    organism: row.organism,
    createdAt: new Date(row.created_at),
    createdBy: { username: row.created_by_username, displayName: row.created_by_display_name },
    updatedAt: new Date(row.updated_at),
    updatedBy: { username: row.updated_by_username, displayName: row.updated_by_display_name },
    currentVersion: row.current_version,
    capturedAt: new Date(row.captured_at),
    eniIdentifier: row.eni_identifier,
    eni: {
      origen: row.origen as DocumentEniMetadata['origen'],
      estadoElaboracion: row.estado_elaboracion as DocumentEniMetadata['estadoElaboracion'],
      documentoOrigen: row.documento_origen,
      tipoDocumental: row.tipo_documental,
    },
    folder: row.folder,
    position: row.position,
    incorporatedAt: row.incorporated_at === null ? null : new Date(row.incorporated_at),
    removal:
      row.removed_at === null
        ? null
        : {
            at: new Date(row.removed_at),
            by: { username: row.removed_by_username ?? '', displayName: row.removed_by_display_name ?? '' },
            reason: row.removal_reason ?? '',
          },
  });
}

function versionToRow(version: DocumentVersion): DocumentVersionsTable {
  return {
    document_id: version.documentId,
    version: version.version,
    blob_key: version.blobKey,
    name: version.name,
    media_type: version.mediaType,
    size: version.size,
    sha256: version.sha256,
    created_at: version.createdAt,
    created_by_username: version.createdBy.username,
    created_by_display_name: version.createdBy.displayName,
  };
}

function versionFromRow(row: Selectable<DocumentVersionsTable>): DocumentVersion {
  return {
    documentId: row.document_id,
    version: row.version,
    blobKey: row.blob_key,
    name: row.name,
    mediaType: row.media_type,
    size: Number(row.size),
    sha256: row.sha256,
    createdAt: new Date(row.created_at),
    createdBy: { username: row.created_by_username, displayName: row.created_by_display_name },
  };
}
