import type { Document } from './document.ts';

/** Where document metadata lives. Implementations bound to a transaction act inside it. */
export interface DocumentRepository {
  insert(document: Document): Promise<void>;
  /** Null for an unknown (or malformed) id. */
  get(id: string): Promise<Document | null>;
  /** The known documents among `ids`, locked against concurrent changes until the transaction ends. */
  getManyForUpdate(ids: string[]): Promise<Document[]>;
  /** Persists changed fields (attachment and update stamps). */
  update(document: Document): Promise<void>;
  /** Documents attached to an expediente, oldest first, of the given organisms only (filtered in the query). */
  listByFileCode(fileCode: string, organisms: readonly string[] | 'all'): Promise<Document[]>;
  /** Gives every attached document written before organisms to `organism` (ADR 0013); returns how many. */
  adoptUnowned(organism: string): Promise<number>;
  /** Ids of unattached documents created before `cutoff`, oldest first. */
  listUnattachedCreatedBefore(cutoff: Date, limit: number): Promise<string[]>;
  /** Removes the document only if it is still unattached; returns whether it was removed. */
  removeIfUnattached(id: string): Promise<boolean>;
}
