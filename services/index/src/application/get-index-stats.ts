import type { FileSearchRepository, IndexStats } from './file-search-repository.ts';

/** Counts of views and tombstones, for the operator's reconciliation. */
export async function getIndexStats(repository: FileSearchRepository): Promise<IndexStats> {
  return repository.stats();
}
