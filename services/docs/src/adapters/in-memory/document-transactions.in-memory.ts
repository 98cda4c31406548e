import { auditRecorderIn, type InMemoryAuditTrail } from '@tramita/platform';
import type { DocsRepositories, DocumentTransactions } from '../../application/ports.ts';
import { InMemoryCsvRepository } from './csv-repository.in-memory.ts';
import { InMemoryDocumentRepository } from './document-repository.in-memory.ts';
import { InMemoryExpedienteRepository } from './expediente-repository.in-memory.ts';
import { InMemoryIndiceRepository } from './indice-repository.in-memory.ts';

/** Every docs store in memory, for unit tests. */
export function inMemoryDocsRepositories(documents = new InMemoryDocumentRepository()) {
  return {
    documents,
    csvs: new InMemoryCsvRepository(),
    expedientes: new InMemoryExpedienteRepository(),
    indices: new InMemoryIndiceRepository(),
  } satisfies DocsRepositories;
}

/** The in-memory twin: writes go to the maps, entries to the trail (no rollback: unit tests only). */
export function inMemoryDocumentTransactions(
  documents: InMemoryDocumentRepository,
  audit: InMemoryAuditTrail,
  repositories: DocsRepositories = inMemoryDocsRepositories(documents),
): DocumentTransactions {
  return { run: (work) => work(documents, auditRecorderIn(audit, undefined), repositories) };
}
