import type { Document } from '../domain/document.ts';
import type { DocumentRepository } from '../domain/document-repository.ts';

/** Documents attached to an expediente, oldest first. */
export async function listDocuments(documents: DocumentRepository, fileCode: string): Promise<Document[]> {
  return documents.listByFileCode(fileCode);
}
