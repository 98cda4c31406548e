import { bpmEvents, parseMessage, topics } from '@tramita/contracts';
import { inboxConsumer, type SqlExecutor, type MessageHandler, type SagaEngine, type Subscription, type UnitOfWork } from '@tramita/messaging';
import type { CreateFileSagaData } from '../../application/sagas/create-file.saga.ts';
import { syncProcessPhase } from '../../application/sync-process-phase.ts';
import type { FileRepository } from '../../domain/file-repository.ts';
import type { SagaNotifier } from './saga-notifier.ts';

/** Feeds `files.create-file.replies` to the saga engine (group `files.create-file`). */
export function createFileRepliesConsumer(deps: {
  engine: SagaEngine<CreateFileSagaData, SqlExecutor>;
  unitOfWork: UnitOfWork;
  notifier: SagaNotifier;
}): Subscription {
  const onReply: MessageHandler = async (trx, envelope, outbox) => {
    await deps.engine.onReply(trx, outbox, envelope);
  };
  const consumer = inboxConsumer({
    group: 'files.create-file',
    source: 'files',
    topics: [topics.createFileReplies],
    unitOfWork: deps.unitOfWork,
    // Every message on the reply topic goes to the engine, whatever its type: the engine matches
    // replies by their saga attributes, including failure replies of compensations.
    handlers: {},
    otherwise: onReply,
  });
  return { ...consumer, handle: (message) => deps.notifier.afterCommit(() => consumer.handle(message)) };
}

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
