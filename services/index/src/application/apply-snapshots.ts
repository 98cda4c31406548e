import type { ReadModelApplied, ReadModelSnapshots } from '@tramita/contracts';
import { applyFileEvent } from './apply-file-event.ts';
import { applyPlazoEvent } from './apply-plazo-event.ts';
import { applyProcessEvent } from './apply-process-event.ts';
import type { FileSearchRepository } from './file-search-repository.ts';

/**
 * Applies one page of the owners' snapshots (ADR 0019) through the projections the consumer uses:
 * an expediente's snapshot as its FileUpdated, a process's as its ProcessAdvanced, a maximum plazo
 * as its PlazoChanged. Each keeps only what is newer than the stored view, so the events consumed
 * meanwhile and a page applied twice converge.
 */
export async function applySnapshots(repository: FileSearchRepository, snapshots: ReadModelSnapshots, defaultOrganism: string): Promise<ReadModelApplied> {
  let changed = 0;
  for (const file of snapshots.files) {
    if (await applyFileEvent(repository, { type: 'FileUpdated', data: file }, defaultOrganism)) changed += 1;
  }
  for (const { process, plazo } of snapshots.processes) {
    if (await applyProcessEvent(repository, { type: 'ProcessAdvanced', data: process })) changed += 1;
    if (plazo && (await applyPlazoEvent(repository, { type: 'PlazoChanged', data: plazo }))) changed += 1;
  }
  return { received: snapshots.files.length + snapshots.processes.length, changed };
}
