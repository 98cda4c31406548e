import { sql, type Kysely, type Selectable } from 'kysely';
import { isUuid } from '@tramita/kernel';
import { Document } from '../../domain/document.ts';
import type { DocumentRepository } from '../../domain/document-repository.ts';
import type { DocsDatabase, DocumentsTable } from './database.ts';

/** Documents in PostgreSQL (or PGlite); bind it to a transaction to act inside it. */
export class PostgresDocumentRepository implements DocumentRepository {
  readonly #db: Kysely<DocsDatabase>;

  constructor(db: Kysely<DocsDatabase>) {
    this.#db = db;
  }

  async insert(document: Document): Promise<void> {
    await this.#db.insertInto('documents').values(toRow(document)).execute();
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

  async listByFileCode(fileCode: string, organisms: readonly string[] | 'all'): Promise<Document[]> {
    let query = this.#db.selectFrom('documents').selectAll().where('file_code', '=', fileCode);
    if (organisms !== 'all') query = organisms.length > 0 ? query.where('organism', 'in', [...organisms]) : query.where(sql<boolean>`false`);
    const rows = await query.orderBy('created_at').orderBy('id').execute();
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

  async removeIfUnattached(id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const result = await this.#db.deleteFrom('documents').where('id', '=', id).where('file_code', 'is', null).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

function toRow(document: Document): DocumentsTable {
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
  });
}
