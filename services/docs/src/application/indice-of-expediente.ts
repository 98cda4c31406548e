import type { OrganismCaller } from '@tramita/platform';
import type { Document } from '../domain/document.ts';
import type { ExpedienteRecord } from '../domain/expediente-record.ts';
import type { IndiceSnapshot } from '../domain/indice-snapshot.ts';
import { indiceEntriesOf } from './indice-entries.ts';
import type { FilesAsker } from './ports.ts';
import { resolveExpediente, type ResolveExpedienteDeps } from './resolve-expediente.ts';
import type { IndiceEntry } from '@tramita/eni/model';

export interface IndiceView {
  expediente: ExpedienteRecord;
  /** The live índice (what a closure would sign now). */
  current: { fechaIndice: string; entries: IndiceEntry[] };
  documents: Document[];
  /** Signed índices, newest first. */
  snapshots: IndiceSnapshot[];
}

/** An expediente's índice electrónico as it stands, and every signed one it had (ADR 0017). */
export async function indiceOfExpediente(
  deps: ResolveExpedienteDeps,
  input: { fileCode: string; organism?: string; caller: OrganismCaller; asker: FilesAsker },
): Promise<IndiceView> {
  const expediente = await resolveExpediente(deps, input);
  const documents = await deps.repositories.documents.listByFileCode(expediente.fileCode, [expediente.organism]);
  return {
    expediente,
    current: { fechaIndice: deps.issuer.sede.iso(deps.clock.now()), entries: indiceEntriesOf(documents, deps.issuer.sede) },
    documents,
    snapshots: await deps.repositories.indices.list(expediente.organism, expediente.fileCode),
  };
}
