import type { Actor } from '@tramita/kernel';
import type { AuditedBy, OrganismCaller } from '@tramita/platform';
import type { Document, DocumentEniMetadata } from '../domain/document.ts';
import { documentToChange, type DocumentWriteDeps } from './document-in-expediente.ts';
import type { DocumentTransactions, FilesAsker } from './ports.ts';
import { documentNotFound } from './get-document.ts';

/** States a document's ENI metadata (and folder) again, in an open expediente; audited with the old and new values. */
export async function changeDocumentMetadata(
  deps: DocumentWriteDeps & { transactions: DocumentTransactions },
  input: { id: string; caller: OrganismCaller; actor: Actor; asker: FilesAsker; audited: AuditedBy; eni: DocumentEniMetadata; folder: string | null },
): Promise<Document> {
  const { expediente } = await documentToChange(deps, input.id, input.caller, input.asker);
  return deps.transactions.run(async (documents, audit) => {
    const document = await documents.getForUpdate(input.id);
    if (!document) throw documentNotFound(input.id);
    const before = document.snapshot();
    document.changeEni(input.eni, input.folder, input.actor, deps.clock.now());
    await documents.update(document);
    await audit.record(
      {
        action: 'document.metadata',
        organism: expediente?.organism ?? before.organism,
        fileCode: before.fileCode,
        details: { documentId: input.id, before: { ...before.eni, folder: before.folder }, after: { ...input.eni, folder: input.folder } },
      },
      input.audited,
    );
    return document;
  });
}
