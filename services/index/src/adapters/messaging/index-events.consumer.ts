import { bpmEventChannel, fileEventChannel } from '@tramita/contracts';
import { eventHandlers, inboxConsumer, type SqlExecutor, type Subscription, type TransportMessage, type UnitOfWork } from '@tramita/messaging';
import { applyFileEvent } from '../../application/apply-file-event.ts';
import { applyPlazoEvent } from '../../application/apply-plazo-event.ts';
import { applyProcessEvent } from '../../application/apply-process-event.ts';
import type { FileSearchRepository } from '../../application/file-search-repository.ts';

export interface IndexConsumerOptions<Tx extends SqlExecutor> {
  unitOfWork: UnitOfWork<Tx>;
  /** The read model bound to the consumer's transaction (the inbox row commits with the view). */
  repositoryFor: (trx: Tx) => FileSearchRepository;
  /** The organism of expedientes whose events name none (written before organisms, ADR 0013). */
  defaultOrganism: string;
  /** Told about a message that kept failing (e.g. it broke its contract) and was set aside. */
  onDeadLetter?: (message: TransportMessage, reason: string) => void;
}

/**
 * One consumer group, "index", over files.events and bpm.events, each event checked against its
 * channel's contract. The two topics give no order between them; the projections do not need one
 * (see README).
 */
export function indexConsumer<Tx extends SqlExecutor>(options: IndexConsumerOptions<Tx>): Subscription {
  const { repositoryFor } = options;
  return inboxConsumer({
    group: 'index',
    source: 'index',
    topics: [fileEventChannel.topic, bpmEventChannel.topic],
    unitOfWork: options.unitOfWork,
    ...(options.onDeadLetter ? { onDeadLetter: options.onDeadLetter } : {}),
    handlers: {
      ...eventHandlers(fileEventChannel, {
        FileCreated: (trx: Tx, data) => applyFileEvent(repositoryFor(trx), { type: 'FileCreated', data }, options.defaultOrganism),
        FileUpdated: (trx: Tx, data) => applyFileEvent(repositoryFor(trx), { type: 'FileUpdated', data }, options.defaultOrganism),
      }),
      ...eventHandlers(bpmEventChannel, {
        ProcessStarted: (trx: Tx, data) => applyProcessEvent(repositoryFor(trx), { type: 'ProcessStarted', data }),
        ProcessAdvanced: (trx: Tx, data) => applyProcessEvent(repositoryFor(trx), { type: 'ProcessAdvanced', data }),
        ProcessDeleted: (trx: Tx, data) => applyProcessEvent(repositoryFor(trx), { type: 'ProcessDeleted', data }),
        PlazoChanged: (trx: Tx, data) => applyPlazoEvent(repositoryFor(trx), { type: 'PlazoChanged', data }),
      }),
    },
  });
}
