import type { FileRelation } from './file-relation.ts';
import type { FileKey } from './file-key.ts';

/** Persistence of relations between expedientes. Bound to one transaction when used by a write. */
export interface FileRelationRepository {
  /** Inserts a relation; false (nothing written) when the same relation exists (see FileRelation.pairKey). */
  insert(relation: FileRelation): Promise<boolean>;
  findById(id: string): Promise<FileRelation | null>;
  remove(id: string): Promise<void>;
  /** How many relations the expediente holds, in both directions. */
  countOf(file: FileKey): Promise<number>;
  /**
   * The expediente's relations in both directions whose other expediente belongs to one of
   * `organisms` (null: any, for a service), oldest first. The organisms are a condition of the query.
   */
  listOf(file: FileKey, organisms: readonly string[] | null): Promise<FileRelation[]>;
}
