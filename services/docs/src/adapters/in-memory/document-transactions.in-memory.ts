import { auditRecorderIn, type InMemoryAuditTrail } from '@tramita/platform';
import type { DocumentTransactions } from '../../application/ports.ts';
import type { InMemoryDocumentRepository } from './document-repository.in-memory.ts';

/** The in-memory twin: writes go to the map, entries to the trail (no rollback: unit tests only). */
export function inMemoryDocumentTransactions(documents: InMemoryDocumentRepository, audit: InMemoryAuditTrail): DocumentTransactions {
  return { run: (work) => work(documents, auditRecorderIn(audit, undefined)) };
}
