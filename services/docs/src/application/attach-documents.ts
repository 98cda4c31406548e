import type { Actor, Clock } from '@tramita/kernel';
import type { DocumentRepository } from '../domain/document-repository.ts';

export interface AttachDocumentsInput {
  fileCode: string;
  documentIds: string[];
  requestedBy: Actor;
  /** The organism (DIR3) of the expediente: the document then belongs to it (ADR 0013). */
  organism: string;
  /** The saga instance asking; lets its compensation undo exactly this attachment. */
  attachmentId: string | null;
}

export type AttachDocumentsResult = { attached: true; documentIds: string[] } | { attached: false; reason: string };

/**
 * Attaches every listed document to the expediente or none: each must exist, have been uploaded
 * by the requester, and be unattached or already attached to this expediente (idempotent).
 * Runs inside the caller's transaction; a refusal changes nothing. (An attach arriving after its
 * saga's compensation never gets here: the participant consumer refuses it, packages/messaging.)
 */
export async function attachDocuments(deps: { documents: DocumentRepository; clock: Clock }, input: AttachDocumentsInput): Promise<AttachDocumentsResult> {
  const ids = [...new Set(input.documentIds)];
  const found = new Map((await deps.documents.getManyForUpdate(ids)).map((document) => [document.id, document]));
  const problems: string[] = [];
  for (const id of ids) {
    const document = found.get(id);
    const problem = document ? document.attachProblem(input.fileCode, input.requestedBy) : `Document ${id} does not exist.`;
    if (problem) problems.push(problem);
  }
  if (problems.length > 0) return { attached: false, reason: problems.join(' ') };

  const now = deps.clock.now();
  for (const id of ids) {
    const document = found.get(id)!;
    if (document.attachTo(input.fileCode, input.requestedBy, now, input.attachmentId, input.organism)) await deps.documents.update(document);
  }
  return { attached: true, documentIds: ids };
}
