import { conflict, type Actor } from '@tramita/kernel';
import type { DocumentRepository } from '../domain/document-repository.ts';
import type { BlobStore } from './blob-store.ts';
import type { AuditedBy, OrganismCaller } from '@tramita/platform';
import type { DocumentTransactions } from './ports.ts';
import { getDocument } from './get-document.ts';

/**
 * Deletes an unattached document (metadata, then bytes), on behalf of its uploader or an admin.
 * The row goes first: a failure after it leaves an unreachable blob, never a row without bytes.
 */
export async function deleteDocument(
  deps: { documents: DocumentRepository; blobs: BlobStore; transactions: DocumentTransactions },
  input: { id: string; requestedBy: Actor; isAdmin: boolean; caller: OrganismCaller; audited: AuditedBy },
): Promise<void> {
  const document = await getDocument(deps.documents, input.id, input.caller);
  document.ensureDeletableBy(input.requestedBy, input.isAdmin);
  // Conditional delete: an attachment that slipped in since the read wins.
  const removed = await deps.transactions.run(async (documents, audit) => {
    if (!(await documents.removeIfUnattached(input.id))) return false;
    await audit.record({ action: 'document.delete', details: { documentId: input.id } }, input.audited);
    return true;
  });
  if (!removed) throw conflict('document-attached', 'The document was attached to an expediente and cannot be deleted.');
  await deps.blobs.delete(input.id);
}
