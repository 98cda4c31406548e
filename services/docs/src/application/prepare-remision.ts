import type { Actor } from '@tramita/kernel';
import type { AuditedBy, OrganismCaller } from '@tramita/platform';
import type { IndiceSnapshot } from '../domain/indice-snapshot.ts';
import type { DocumentTransactions, FilesAsker } from './ports.ts';
import { requireTramitador, resolveExpediente, type ResolveExpedienteDeps } from './resolve-expediente.ts';
import { sealIndice, type SealIndiceDeps } from './seal-indice.ts';

/**
 * A signed snapshot of the índice for a remisión (ENI E03; Ley 39/2015 art. 70.2: a remitted
 * expediente goes with its authenticated índice) while the expediente itself stays as it is.
 */
export async function prepareRemision(
  deps: ResolveExpedienteDeps & SealIndiceDeps & { transactions: DocumentTransactions },
  input: { fileCode: string; organism?: string; caller: OrganismCaller; actor: Actor; asker: FilesAsker; audited: AuditedBy },
): Promise<IndiceSnapshot> {
  const expediente = await resolveExpediente(deps, input);
  requireTramitador(input.caller, expediente);
  return deps.transactions.run(async (documents, audit, repositories) => {
    const snapshot = await sealIndice(deps, {
      expediente,
      documents: await documents.listByFileCode(expediente.fileCode, [expediente.organism]),
      estado: 'E03',
      by: input.actor,
    });
    await repositories.indices.insert(snapshot);
    await audit.record(
      { action: 'indice.remision', organism: expediente.organism, fileCode: expediente.fileCode, details: { indiceId: snapshot.id, firmas: snapshot.firmas } },
      input.audited,
    );
    return snapshot;
  });
}
