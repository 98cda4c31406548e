import type { AuditedBy, AuditTrail } from '@tramita/platform';
import type { FileSearchRepository } from './file-search-repository.ts';

/**
 * Empties the read model before it is rebuilt from the owners' snapshots (ADR 0019): every view
 * and tombstone goes; the list is empty until the rebuild refills it. Recorded in the audit trail
 * first, so the trail says who emptied it even if the store fails half-way.
 */
export async function emptyReadModel(repository: FileSearchRepository, audit: Pick<AuditTrail<unknown>, 'recordAlone'>, by: AuditedBy): Promise<void> {
  const before = await repository.stats();
  await audit.recordAlone({ action: 'read-model.empty', details: { files: before.files, processes: before.processes } }, by);
  await repository.empty();
}
