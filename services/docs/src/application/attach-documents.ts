import type { Actor, Clock } from '@tramita/kernel';
import { issueCsv, newDocumentIdentifier, type EniIssuer } from './eni-issuer.ts';
import { expedienteOnRecord } from './expediente-on-record.ts';
import type { DocsRepositories } from './ports.ts';

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
export async function attachDocuments(
  deps: DocsRepositories & { clock: Clock; issuer: EniIssuer },
  input: AttachDocumentsInput,
): Promise<AttachDocumentsResult> {
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
  // The expediente enters docs' register (with its ENI identifier) with its first documents.
  await expedienteOnRecord(
    deps,
    deps.issuer,
    { organism: input.organism, fileCode: input.fileCode, openedAt: now, procedureCode: null, finished: false, processVersion: 0 },
    now,
  );
  let position = await deps.documents.nextPosition(input.organism, input.fileCode);
  for (const id of ids) {
    const document = found.get(id)!;
    const placement = { eniIdentifier: newDocumentIdentifier(deps.issuer, input.organism, document.capturedAt, now), position };
    if (!document.attachTo(input.fileCode, input.requestedBy, now, input.attachmentId, input.organism, placement)) continue;
    position++;
    await deps.documents.update(document);
    // Every version of a document in an expediente carries its CSV (ADR 0017); one attached again after a compensation keeps the one it had.
    const issued = await deps.csvs.forDocument(document.id);
    for (const version of await deps.documents.listVersions(document.id)) {
      if (!issued.has(version.version)) await issueCsv(deps.csvs, deps.issuer, version, input.organism, now);
    }
  }
  return { attached: true, documentIds: ids };
}
