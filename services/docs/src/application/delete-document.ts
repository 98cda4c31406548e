import { conflict, type Actor } from '@tramita/kernel';
import type { DocumentRepository } from '../domain/document-repository.ts';
import type { BlobStore } from './blob-store.ts';
import type { OrganismCaller } from '@tramita/platform';
import { getDocument } from './get-document.ts';

/**
 * Deletes an unattached document (metadata, then bytes), on behalf of its uploader or an admin.
 * The row goes first: a failure after it leaves an unreachable blob, never a row without bytes.
 */
export async function deleteDocument(
  deps: { documents: DocumentRepository; blobs: BlobStore },
  input: { id: string; requestedBy: Actor; isAdmin: boolean; caller: OrganismCaller },
): Promise<void> {
  const document = await getDocument(deps.documents, input.id, input.caller);
  document.ensureDeletableBy(input.requestedBy, input.isAdmin);
  // Conditional delete: an attachment that slipped in since the read wins.
  if (!(await deps.documents.removeIfUnattached(input.id))) {
    throw conflict('document-attached', 'The document was attached to an expediente and cannot be deleted.');
  }
  await deps.blobs.delete(input.id);
}
