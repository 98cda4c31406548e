import { sql, type Kysely, type Transaction } from 'kysely';
import { buildEnvelope, type MessageCause, type TransportMessage } from '../core/envelope.ts';
import type { Outbox } from '../core/outbox.ts';

export type { Outbox };


// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDb = Kysely<any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTransaction = Transaction<any>;

/** Appends messages to the outbox table inside the caller's transaction. */
export async function appendToOutbox(trx: AnyTransaction, messages: TransportMessage[]): Promise<void> {
  for (const message of messages) {
    await sql`insert into outbox (id, topic, message_key, envelope)
      values (${message.envelope.id}, ${message.topic}, ${message.key}, ${JSON.stringify(message.envelope)}::jsonb)`.execute(trx);
  }
}

/**
 * Runs `work` in one database transaction together with the outbox rows it sends, and wakes the
 * relay once committed: the state change and its messages commit or fail together.
 */
export class UnitOfWork {
  readonly #db: AnyDb;
  readonly #onCommitted: () => void;

  constructor(db: AnyDb, onCommitted: () => void = () => {}) {
    this.#db = db;
    this.#onCommitted = onCommitted;
  }

  async run<T>(cause: MessageCause, work: (trx: AnyTransaction, outbox: Outbox) => Promise<T>): Promise<T> {
    let sent = 0;
    const result = await this.#db.transaction().execute(async (trx) => {
      const pending: TransportMessage[] = [];
      const outbox: Outbox = { cause, send: (message) => void pending.push(buildEnvelope(message, cause)) };
      const value = await work(trx, outbox);
      await appendToOutbox(trx, pending);
      sent = pending.length;
      return value;
    });
    if (sent > 0) this.#onCommitted();
    return result;
  }
}
