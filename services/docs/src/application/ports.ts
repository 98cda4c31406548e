import type { AuditRecorder, AuditTrail } from '@tramita/platform';
import type { DocumentRepository } from '../domain/document-repository.ts';

/**
 * Runs document writes in one transaction with their audit entries (ADR 0014): the row and the
 * entry that records who wrote it commit together or not at all.
 */
export interface DocumentTransactions {
  run<T>(work: (documents: DocumentRepository, audit: AuditRecorder) => Promise<T>): Promise<T>;
}

/** The trail for what changes nothing (downloads, refusals): each entry in a transaction of its own. */
export type StandaloneAudit = Pick<AuditTrail<unknown>, 'recordAlone'>;
