import { organismsOf, type OrganismCaller } from '@tramita/platform';
import type { Document } from '../domain/document.ts';
import type { DocumentRepository } from '../domain/document-repository.ts';

/**
 * Documents attached to an expediente of one of the caller's organisms, in índice order (filtered in
 * the query). Codes are unique per organism (ADR 0013): `organism` narrows the list to that
 * organism's expediente, for a caller in two organisms that both hold the code.
 */
export async function listDocuments(
  documents: DocumentRepository,
  fileCode: string,
  caller: OrganismCaller,
  organism?: string,
  options: { includeRemoved?: boolean } = {},
): Promise<Document[]> {
  const reach = caller.isService ? 'all' : organismsOf(caller.memberships);
  if (organism === undefined) return documents.listByFileCode(fileCode, reach, options);
  return documents.listByFileCode(fileCode, reach === 'all' || reach.includes(organism) ? [organism] : [], options);
}
