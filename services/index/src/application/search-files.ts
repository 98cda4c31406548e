import type { FileSearchPage, FileSearchRepository } from './file-search-repository.ts';
import { parseFileSearchQuery, type FileSearchParams } from './file-search-query.ts';

/**
 * Lists expedientes: validates the parameters (400 naming each bad one), then asks the store for
 * those of the caller's organisms only, filtered in the query itself so pages and totals never
 * count another organism's expedientes.
 */
export async function searchFiles(
  repository: FileSearchRepository,
  params: FileSearchParams,
  timeZone: string,
  organisms: readonly string[] | 'all',
): Promise<FileSearchPage> {
  return repository.search({ ...parseFileSearchQuery(params, timeZone), organisms });
}
