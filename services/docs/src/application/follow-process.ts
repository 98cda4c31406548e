import type { Clock } from '@tramita/kernel';
import { DOCS_SERVICE_ACTOR } from './detach-documents.ts';
import type { EniIssuer } from './eni-issuer.ts';
import { expedienteOnRecord } from './expediente-on-record.ts';
import type { DocsRepositories } from './ports.ts';
import { sealIndice, type SealIndiceDeps } from './seal-indice.ts';

/** What bpm says of an expediente's process (bpm.events ProcessStarted and ProcessAdvanced). */
export interface ProcessFacts {
  fileCode: string;
  organism: string;
  procedureCode: string;
  startedAt: Date;
  finished: boolean;
  version: number;
}

/**
 * Follows bpm's process snapshots for docs' register of expedientes: their procedure (the ENI
 * clasificación) and whether they are finished. When an expediente finishes, its índice is closed
 * and signed (E02, NTI Expediente electrónico: the formal closure completes and signs the índice)
 * and its documents become read-only; when bpm reopens it, they can change again and the next
 * closure signs a new índice (the old one stays). An expediente without documents closes without
 * an índice (there is nothing to index).
 */
export async function followProcess(
  repositories: DocsRepositories,
  deps: SealIndiceDeps & { issuer: EniIssuer; clock: Clock },
  facts: ProcessFacts,
): Promise<void> {
  const now = deps.clock.now();
  const before = await repositories.expedientes.get(facts.organism, facts.fileCode);
  if (before && facts.version <= before.processVersion) return;
  const after = await expedienteOnRecord(
    repositories,
    deps.issuer,
    {
      organism: facts.organism,
      fileCode: facts.fileCode,
      openedAt: facts.startedAt,
      procedureCode: facts.procedureCode,
      finished: facts.finished,
      processVersion: facts.version,
    },
    now,
  );
  const justFinished = after.finished && !(before?.finished ?? false);
  // Without a CSV regulation or a seal nothing can sign it: the export says so when asked.
  if (!justFinished || (!deps.issuer.csvPolicy && !deps.signer)) return;
  const documents = await repositories.documents.listByFileCode(facts.fileCode, [facts.organism]);
  if (documents.length === 0) return;
  await repositories.indices.insert(await sealIndice(deps, { expediente: after, documents, estado: 'E02', by: DOCS_SERVICE_ACTOR }));
}
