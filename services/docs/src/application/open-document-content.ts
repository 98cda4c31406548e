import { notFound } from '@tramita/kernel';
import type { Document } from '../domain/document.ts';
import type { DocumentRepository } from '../domain/document-repository.ts';
import type { BlobContent, BlobStore } from './blob-store.ts';
import type { OrganismCaller } from '@tramita/platform';
import { getDocument } from './get-document.ts';

/** A document's metadata and its bytes, opened for streaming to the caller. */
export async function openDocumentContent(
  deps: { documents: DocumentRepository; blobs: BlobStore },
  id: string,
  caller: OrganismCaller,
): Promise<{ document: Document; blob: BlobContent }> {
  const document = await getDocument(deps.documents, id, caller);
  const blob = await deps.blobs.get(id);
  if (!blob) throw notFound('document-content-missing', `The content of document ${id} is missing.`, { documentId: id });
  return { document, blob };
}
