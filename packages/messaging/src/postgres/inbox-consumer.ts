import { sql } from 'kysely';
import { causedBy, type Envelope, type TransportMessage } from '../core/envelope.ts';
import { inMessageSpan } from '../core/message-tracing.ts';
import type { Subscription } from '../core/transport.ts';
import { parseMessage, type DataOf, type EventChannel, type MessageSchemas } from '../core/message-contract.ts';
import type { Outbox, SqlExecutor, UnitOfWork } from './unit-of-work.ts';

/** Applies one message type inside the consumer's transaction; may send messages. */
export type MessageHandler<Tx extends SqlExecutor = SqlExecutor> = (trx: Tx, envelope: Envelope, outbox: Outbox) => Promise<void>;

export interface InboxConsumerOptions<Tx extends SqlExecutor = SqlExecutor> {
  /** Consumer group and inbox name, e.g. "index" or "files.saga-replies". */
  group: string;
  /** Service name stamped as `source` on messages the handlers send. */
  source: string;
  topics: string[];
  handlers: Record<string, MessageHandler<Tx>>;
  /** Applies every type without a named handler (e.g. all replies on a saga's reply topic). */
  otherwise?: MessageHandler<Tx>;
  unitOfWork: UnitOfWork<Tx>;
  onDeadLetter?: (message: TransportMessage, reason: string) => void;
}

/**
 * A subscription whose effects are effectively-once: the message id is recorded in the inbox in
 * the same transaction as the handler's effects, so a redelivered message changes nothing.
 * Types without a handler (and no `otherwise`) are acknowledged and ignored.
 */
export function inboxConsumer<Tx extends SqlExecutor>(options: InboxConsumerOptions<Tx>): Subscription {
  const handlerOf = (type: string) => (Object.hasOwn(options.handlers, type) ? options.handlers[type] : options.otherwise);
  const consumer = { group: options.group, service: options.source };
  return {
    group: options.group,
    topics: options.topics,
    async handleBatch(messages) {
      const applicable = messages.filter((message) => handlerOf(message.envelope.type));
      if (applicable.length === 0) return;
      await options.unitOfWork.runEach(async (trx, outboxFor) => {
        const ids = applicable.map((message) => sql`(${options.group}, ${message.envelope.id})`);
        const inserted = await sql<{ message_id: string }>`insert into inbox (consumer, message_id) values ${sql.join(ids)}
          on conflict do nothing returning message_id`.execute(trx);
        // Only those not applied before; one that came twice in the batch is applied once. The
        // database answers a uuid in its canonical lower case, whatever case the envelope used.
        const fresh = new Set(inserted.rows.map((row) => row.message_id.toLowerCase()));
        for (const message of applicable) {
          if (!fresh.delete(message.envelope.id.toLowerCase())) continue;
          await inMessageSpan(message, consumer, () =>
            handlerOf(message.envelope.type)!(trx, message.envelope, outboxFor(causedBy(message.envelope, options.source))),
          );
        }
      });
    },
    async handle(message) {
      const handler = handlerOf(message.envelope.type);
      if (!handler) return;
      await inMessageSpan(message, consumer, () =>
        options.unitOfWork.run(causedBy(message.envelope, options.source), async (trx, outbox) => {
          const inserted = await sql`insert into inbox (consumer, message_id) values (${options.group}, ${message.envelope.id})
            on conflict do nothing returning message_id`.execute(trx);
          if (inserted.rows.length === 0) return;
          await handler(trx, message.envelope, outbox);
        }),
      );
    },
    async deadLetter(message, reason, attempts) {
      await options.unitOfWork.run(causedBy(message.envelope, options.source), async (trx) => {
        await sql`insert into dead_letters (consumer, message_id, topic, envelope, reason, attempts)
          values (${options.group}, ${message.envelope.id}, ${message.topic}, ${JSON.stringify(message.envelope)}::jsonb, ${reason}, ${attempts})
          on conflict (consumer, message_id) do nothing`.execute(trx);
      });
      options.onDeadLetter?.(message, reason);
    },
  };
}

/**
 * Inbox handlers for the events of one channel, each given the event's data already checked
 * against the channel's contract and typed (a message that breaks it throws, and ends in dead
 * letters). Spread the handlers of several channels into one `inboxConsumer` to read them in one group.
 */
export function eventHandlers<E extends MessageSchemas, Tx extends SqlExecutor>(
  channel: EventChannel<E>,
  handlers: { [K in keyof E & string]?: (trx: Tx, event: DataOf<E[K]>, envelope: Envelope) => Promise<unknown> },
): Record<string, MessageHandler<Tx>> {
  const typed = handlers as Record<string, ((trx: Tx, event: unknown, envelope: Envelope) => Promise<unknown>) | undefined>;
  return Object.fromEntries(
    Object.entries(typed).flatMap(([type, handle]) => {
      const schema = channel.events[type];
      if (!handle || !schema) return [];
      const handler: MessageHandler<Tx> = async (trx, envelope) => {
        await handle(trx, parseMessage(schema, envelope), envelope);
      };
      return [[type, handler]];
    }),
  );
}
