import type { SagaEngine } from '../core/saga.ts';
import type { SagaNotifier } from '../core/saga-notifier.ts';
import type { Subscription } from '../core/transport.ts';
import { inboxConsumer } from './inbox-consumer.ts';
import type { SqlExecutor, UnitOfWork } from './unit-of-work.ts';

/**
 * Feeds a saga type's reply topic to its engine, in the inbox transaction, and announces the
 * saga's changes once committed. Every message on the reply topic goes to the engine, whatever
 * its type: the engine matches replies by their saga attributes (and checks them against the
 * participant's contract), failure replies of compensations included.
 */
export function sagaRepliesConsumer<D, Tx extends SqlExecutor>(deps: {
  /** The orchestrating service: consumer group `<service>.<saga type>` and the `source` of what it sends. */
  service: string;
  engine: SagaEngine<D, Tx>;
  unitOfWork: UnitOfWork<Tx>;
  notifier: SagaNotifier;
}): Subscription {
  const consumer = inboxConsumer<Tx>({
    group: `${deps.service}.${deps.engine.definition.type}`,
    source: deps.service,
    topics: [deps.engine.definition.replyTopic],
    unitOfWork: deps.unitOfWork,
    handlers: {},
    otherwise: async (trx, envelope, outbox) => {
      await deps.engine.onReply(trx, outbox, envelope);
    },
  });
  return { ...consumer, handle: (message) => deps.notifier.afterCommit(() => consumer.handle(message)) };
}
