import type { Clock } from '@tramita/kernel';
import type { OrganismCaller } from '@tramita/platform';
import type { Document } from '../domain/document.ts';
import type { ExpedienteRecord } from '../domain/expediente-record.ts';
import type { EniIssuer } from './eni-issuer.ts';
import { getDocument } from './get-document.ts';
import type { DocsRepositories, FileRecords, FilesAsker } from './ports.ts';
import { ensureOpen, requireTramitador, resolveExpediente } from './resolve-expediente.ts';

export interface DocumentWriteDeps {
  repositories: DocsRepositories;
  files: FileRecords;
  issuer: EniIssuer;
  clock: Clock;
}

/**
 * A document the caller may change: visible to them (another organism's is a 404), in an
 * expediente, which is open and where they are a tramitador.
 */
export async function documentToChange(
  deps: DocumentWriteDeps,
  id: string,
  caller: OrganismCaller,
  asker: FilesAsker,
): Promise<{ document: Document; expediente: ExpedienteRecord | null }> {
  const document = await getDocument(deps.repositories.documents, id, caller);
  const fileCode = document.fileCode;
  const organism = document.organism;
  if (fileCode === null || organism === null) return { document, expediente: null };
  const expediente = await resolveExpediente(deps, { fileCode, organism, caller, asker });
  requireTramitador(caller, expediente);
  ensureOpen(expediente);
  return { document, expediente };
}
