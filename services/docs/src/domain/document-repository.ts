import type { Document, DocumentVersion } from './document.ts';

/** Where document metadata lives. Implementations bound to a transaction act inside it. */
export interface DocumentRepository {
  /** Inserts the document and its version 1. */
  insert(document: Document): Promise<void>;
  /** Null for an unknown (or malformed) id. */
  get(id: string): Promise<Document | null>;
  /** The document locked against concurrent changes until the transaction ends; null when unknown. */
  getForUpdate(id: string): Promise<Document | null>;
  /** The known documents among `ids`, locked against concurrent changes until the transaction ends. */
  getManyForUpdate(ids: string[]): Promise<Document[]>;
  /** Persists changed fields (attachment, metadata, current version, removal, update stamps). */
  update(document: Document): Promise<void>;
  /** Records a new version (its row; the document's current fields are saved by `update`). */
  insertVersion(version: DocumentVersion): Promise<void>;
  /** Every version of a document, oldest first. */
  listVersions(documentId: string): Promise<DocumentVersion[]>;
  getVersion(documentId: string, version: number): Promise<DocumentVersion | null>;
  /**
   * Documents attached to an expediente in índice order (position, then age), of the given
   * organisms only (filtered in the query); removed ones only when asked for.
   */
  listByFileCode(fileCode: string, organisms: readonly string[] | 'all', options?: { includeRemoved?: boolean }): Promise<Document[]>;
  /** The position the next document entering that expediente takes (1 for the first). */
  nextPosition(organism: string, fileCode: string): Promise<number>;
  /** Gives every attached document written before organisms to `organism` (ADR 0013); returns how many. */
  adoptUnowned(organism: string): Promise<number>;
  /** Ids of unattached documents created before `cutoff`, oldest first. */
  listUnattachedCreatedBefore(cutoff: Date, limit: number): Promise<string[]>;
  /** Whether a document with this ENI identifier is held (identifiers are unique). */
  hasEniIdentifier(identifier: string): Promise<boolean>;
  /** Removes the document only if it is still unattached; returns whether it was removed. */
  removeIfUnattached(id: string): Promise<boolean>;
}
