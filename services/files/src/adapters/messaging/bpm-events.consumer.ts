import { bpmEventChannel } from '@tramita/contracts';
import { eventHandlers, inboxConsumer, type SqlExecutor, type Subscription, type UnitOfWork } from '@tramita/messaging';
import { syncProcessPhase } from '../../application/sync-process-phase.ts';
import type { FileRepository } from '../../domain/file-repository.ts';

/** Keeps phase and finished flag in step with bpm (group `files`). ProcessDeleted needs nothing. */
export function bpmEventsConsumer<Tx extends SqlExecutor>(deps: { unitOfWork: UnitOfWork<Tx>; filesIn: (trx: Tx) => FileRepository }): Subscription {
  const sync = (trx: Tx, process: { processId: string; phase: { code: string; name: string }; finished: boolean; version: number }) =>
    syncProcessPhase(deps.filesIn(trx), process.processId, { phase: process.phase, finished: process.finished, version: process.version });
  return inboxConsumer({
    group: 'files',
    source: 'files',
    topics: [bpmEventChannel.topic],
    unitOfWork: deps.unitOfWork,
    handlers: eventHandlers<typeof bpmEventChannel.events, Tx>(bpmEventChannel, { ProcessStarted: sync, ProcessAdvanced: sync }),
  });
}
