import type { FileSearchPage, FileSearchRepository } from './file-search-repository.ts';
import { parseFileSearchQuery, type FileSearchParams } from './file-search-query.ts';

/** Lists expedientes: validates the parameters (400 naming each bad one), then asks the store. */
export async function searchFiles(repository: FileSearchRepository, params: FileSearchParams, timeZone: string): Promise<FileSearchPage> {
  return repository.search(parseFileSearchQuery(params, timeZone));
}
