import { bpmEvents, fileEvents, parseMessage, topics } from '@tramita/contracts';
import { inboxConsumer, type SqlExecutor, type Subscription, type TransportMessage, type UnitOfWork } from '@tramita/messaging';
import { applyFileEvent } from '../../application/apply-file-event.ts';
import { applyProcessEvent } from '../../application/apply-process-event.ts';
import type { FileSearchRepository } from '../../application/file-search-repository.ts';

export interface IndexConsumerOptions {
  unitOfWork: UnitOfWork;
  /** The read model bound to the consumer's transaction (the inbox row commits with the view). */
  repositoryFor: (trx: SqlExecutor) => FileSearchRepository;
  /** Told about a message that kept failing (e.g. it broke its contract) and was set aside. */
  onDeadLetter?: (message: TransportMessage, reason: string) => void;
}

/**
 * One consumer group, "index", over files.events and bpm.events. The two topics give no order
 * between them; the projections do not need one (see README).
 */
export function indexConsumer(options: IndexConsumerOptions): Subscription {
  const { repositoryFor } = options;
  return inboxConsumer({
    group: 'index',
    source: 'index',
    topics: [topics.filesEvents, topics.bpmEvents],
    unitOfWork: options.unitOfWork,
    ...(options.onDeadLetter ? { onDeadLetter: options.onDeadLetter } : {}),
    handlers: {
      FileCreated: async (trx, envelope) => {
        await applyFileEvent(repositoryFor(trx), { type: 'FileCreated', data: parseMessage(fileEvents.FileCreated, envelope) });
      },
      FileUpdated: async (trx, envelope) => {
        await applyFileEvent(repositoryFor(trx), { type: 'FileUpdated', data: parseMessage(fileEvents.FileUpdated, envelope) });
      },
      ProcessStarted: async (trx, envelope) => {
        await applyProcessEvent(repositoryFor(trx), { type: 'ProcessStarted', data: parseMessage(bpmEvents.ProcessStarted, envelope) });
      },
      ProcessAdvanced: async (trx, envelope) => {
        await applyProcessEvent(repositoryFor(trx), { type: 'ProcessAdvanced', data: parseMessage(bpmEvents.ProcessAdvanced, envelope) });
      },
      ProcessDeleted: async (trx, envelope) => {
        await applyProcessEvent(repositoryFor(trx), { type: 'ProcessDeleted', data: parseMessage(bpmEvents.ProcessDeleted, envelope) });
      },
    },
  });
}
