import { organismsOf, type OrganismCaller } from '@tramita/platform';
import type { Document } from '../domain/document.ts';
import type { DocumentRepository } from '../domain/document-repository.ts';

/** Documents attached to an expediente of one of the caller's organisms, oldest first (filtered in the query). */
export async function listDocuments(documents: DocumentRepository, fileCode: string, caller: OrganismCaller): Promise<Document[]> {
  return documents.listByFileCode(fileCode, caller.isService ? 'all' : organismsOf(caller.memberships));
}
