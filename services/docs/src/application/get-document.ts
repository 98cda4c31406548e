import { notFound, refusedAccess } from '@tramita/kernel';
import type { Document } from '../domain/document.ts';
import type { DocumentRepository } from '../domain/document-repository.ts';
import type { OrganismCaller } from '@tramita/platform';
import { canSeeDocument } from './document-access.ts';

export const documentNotFound = (id: string) => notFound('document-not-found', `There is no document ${id}.`, { documentId: id });

/** One document's metadata, for a caller who may see it; anyone else gets the answer of a missing document. */
export async function getDocument(documents: DocumentRepository, id: string, caller: OrganismCaller): Promise<Document> {
  const document = await documents.get(id);
  if (!document) throw documentNotFound(id);
  // Only an attached document (which has an organism) can be hidden from someone.
  if (!canSeeDocument(caller, document)) throw refusedAccess(documentNotFound(id), { organism: document.organism!, fileCode: document.fileCode });
  return document;
}
