import type { FileKey } from './file-key.ts';
import type { Interesado, InteresadoHistoryEntry } from './interesado.ts';

/** Persistence of interesados and their history. Bound to one transaction when used by a write. */
export interface InteresadoRepository {
  /** The expediente's current interesados, in the order they were added. */
  listByFile(file: FileKey): Promise<Interesado[]>;
  findById(id: string): Promise<Interesado | null>;
  /** Inserts a new interesado; false (nothing written) when the expediente already holds its document. */
  insert(interesado: Interesado): Promise<boolean>;
  /** Writes back an interesado loaded in the same transaction. */
  update(interesado: Interesado): Promise<void>;
  remove(id: string): Promise<void>;
  /** Appends to the history, which is never changed nor deleted. */
  appendHistory(entry: InteresadoHistoryEntry): Promise<void>;
  /** Every change to the expediente's interesados, oldest first. */
  history(file: FileKey): Promise<InteresadoHistoryEntry[]>;
  /**
   * Interesados holding `document` in expedientes of `organisms` (null: every organism, for a
   * service), newest first, at most `limit`. The organisms are a condition of the query itself.
   */
  searchByDocument(document: string, organisms: readonly string[] | null, limit: number): Promise<Interesado[]>;
}
