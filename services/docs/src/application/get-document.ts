import { notFound } from '@tramita/kernel';
import type { Document } from '../domain/document.ts';
import type { DocumentRepository } from '../domain/document-repository.ts';

export const documentNotFound = (id: string) => notFound('document-not-found', `There is no document ${id}.`, { documentId: id });

/** One document's metadata; any authenticated user may read it. */
export async function getDocument(documents: DocumentRepository, id: string): Promise<Document> {
  const document = await documents.get(id);
  if (!document) throw documentNotFound(id);
  return document;
}
