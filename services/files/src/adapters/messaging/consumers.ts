import { bpmEvents, parseMessage, topics } from '@tramita/contracts';
import { inboxConsumer, type MessageHandler, type SqlExecutor, type Subscription, type UnitOfWork } from '@tramita/messaging';
import { syncProcessPhase } from '../../application/sync-process-phase.ts';
import type { FileRepository } from '../../domain/file-repository.ts';

/** Keeps phase and finished flag in step with bpm (group `files`). ProcessDeleted needs nothing. */
export function bpmEventsConsumer(deps: { unitOfWork: UnitOfWork; filesIn: (trx: SqlExecutor) => FileRepository }): Subscription {
  const sync =
    (schema: typeof bpmEvents.ProcessStarted | typeof bpmEvents.ProcessAdvanced): MessageHandler =>
    async (trx, envelope) => {
      const process = parseMessage(schema, envelope);
      await syncProcessPhase(deps.filesIn(trx), process.processId, { phase: process.phase, finished: process.finished, version: process.version });
    };
  return inboxConsumer({
    group: 'files',
    source: 'files',
    topics: [topics.bpmEvents],
    unitOfWork: deps.unitOfWork,
    handlers: { ProcessStarted: sync(bpmEvents.ProcessStarted), ProcessAdvanced: sync(bpmEvents.ProcessAdvanced) },
  });
}
