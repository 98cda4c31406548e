import type { FileSearchQuery } from './file-search-query.ts';
import type { FileListItem, FileView, PlazoView, ProcessView } from './projections/views.ts';

/** One page of the expediente list, with the total across all pages. */
export interface FileSearchPage {
  items: FileListItem[];
  /** How many expedientes match the query, across every page; with `gte`, at least that many (see `countBound`). */
  total: number;
  totalRelation: 'eq' | 'gte';
  page: number;
  size: number;
}

/** Counts an operator reconciles against files and bpm. */
export interface IndexStats {
  /** File views (expedientes listed). */
  files: number;
  /** Live process views. */
  processes: number;
  /** Deleted processes remembered so late events cannot resurrect them. */
  tombstones: number;
}

/**
 * The read model's store. The embedded default is PostgreSQL full-text search; an OpenSearch
 * adapter can implement the same port for large installations. Writes are called inside the
 * consumer's transaction (the adapter is built over it), reads anywhere.
 */
export interface FileSearchRepository {
  /** The file view of the expediente `code` of `organism` (codes are unique per organism, ADR 0013), if any. */
  fileView(organism: string, code: string): Promise<FileView | null>;
  /** Stores a view; a stored view with the same or a newer version is kept (concurrent writers). */
  saveFileView(view: FileView): Promise<void>;
  processView(processId: string): Promise<ProcessView | null>;
  /** Stores a live view or a tombstone; a stored view with the same or a newer version is kept. */
  saveProcessView(view: ProcessView): Promise<void>;
  /** The maximum plazo bpm last published for the process, if any (it may precede the process and file views). */
  plazoView(processId: string): Promise<PlazoView | null>;
  /** Stores the plazo; a stored plazo with the same or a newer version is kept. */
  savePlazoView(view: PlazoView): Promise<void>;
  /** Expedientes with a file view, joined to their live process and its plazo, filtered, sorted and paged. */
  search(query: FileSearchQuery): Promise<FileSearchPage>;
  stats(): Promise<IndexStats>;
  /** Removes every view, tombstones included, before the read model is rebuilt from the owners' snapshots (ADR 0019). */
  empty(): Promise<void>;
}
