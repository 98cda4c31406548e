import type { Actor } from '@tramita/kernel';
import type { AuditedBy, OrganismCaller } from '@tramita/platform';
import type { Document } from '../domain/document.ts';
import { documentToChange, type DocumentWriteDeps } from './document-in-expediente.ts';
import { documentNotFound } from './get-document.ts';
import type { DocumentTransactions, FilesAsker } from './ports.ts';

/**
 * Takes a document out of an open expediente: it leaves the índice, its CSVs are annulled with the
 * date and reason (a verification then says ANULADO), and its versions and history stay.
 */
export async function removeDocument(
  deps: DocumentWriteDeps & { transactions: DocumentTransactions },
  input: { id: string; caller: OrganismCaller; actor: Actor; asker: FilesAsker; audited: AuditedBy; reason: string },
): Promise<Document> {
  const { expediente } = await documentToChange(deps, input.id, input.caller, input.asker);
  return deps.transactions.run(async (documents, audit, repositories) => {
    const document = await documents.getForUpdate(input.id);
    if (!document) throw documentNotFound(input.id);
    const now = deps.clock.now();
    document.remove(input.reason, input.actor, now);
    await documents.update(document);
    const annulled = await repositories.csvs.annulDocument(input.id, now, `Retirado del expediente: ${input.reason.trim()}`);
    await audit.record(
      {
        action: 'document.remove',
        organism: expediente?.organism ?? document.organism,
        fileCode: document.fileCode,
        details: { documentId: input.id, reason: input.reason.trim(), csvsAnnulled: annulled },
      },
      input.audited,
    );
    return document;
  });
}
