import { notFound } from '@tramita/kernel';
import type { Document } from '../domain/document.ts';
import type { DocumentRepository } from '../domain/document-repository.ts';
import { canSeeDocument, type DocumentCaller } from './document-access.ts';

export const documentNotFound = (id: string) => notFound('document-not-found', `There is no document ${id}.`, { documentId: id });

/** One document's metadata, for a caller who may see it; anyone else gets the answer of a missing document. */
export async function getDocument(documents: DocumentRepository, id: string, caller: DocumentCaller): Promise<Document> {
  const document = await documents.get(id);
  if (!document || !canSeeDocument(caller, document)) throw documentNotFound(id);
  return document;
}
