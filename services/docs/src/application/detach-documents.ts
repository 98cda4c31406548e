import type { Actor, Clock } from '@tramita/kernel';
import type { CsvRepository } from '../domain/csv-record.ts';
import type { DocumentRepository } from '../domain/document-repository.ts';

/** Who a compensation acts as: the service itself. */
export const DOCS_SERVICE_ACTOR: Actor = { username: 'docs', displayName: 'Servicio de documentos' };

/**
 * Compensation of an attachment: detaches the listed documents from the expediente when this
 * attachment put them there (others, and documents attached elsewhere, stay). Idempotent, and
 * fine when nothing was ever attached. (The participant consumer records the compensation, so a
 * late attach of the same saga step is refused: packages/messaging.)
 */
export async function detachDocuments(
  deps: { documents: DocumentRepository; csvs?: CsvRepository; clock: Clock },
  input: { fileCode: string; documentIds: string[]; attachmentId: string | null },
): Promise<{ detached: string[] }> {
  const now = deps.clock.now();
  const detached: string[] = [];
  for (const document of await deps.documents.getManyForUpdate([...new Set(input.documentIds)])) {
    if (document.detachFrom(input.fileCode, input.attachmentId, DOCS_SERVICE_ACTOR, now)) {
      await deps.documents.update(document);
      // Its CSVs were issued for an expediente that was never opened: they no longer verify it.
      await deps.csvs?.annulDocument(document.id, now, 'Alta del expediente deshecha');
      detached.push(document.id);
    }
  }
  return { detached };
}
