import { sql, type QueryExecutorProvider } from 'kysely';
import { buildEnvelope, type MessageCause, type TransportMessage } from '../core/envelope.ts';
import type { Outbox } from '../core/outbox.ts';

export type { Outbox };

/** Any connection or transaction that runs SQL: the messaging tables are read and written with raw SQL, whatever the service's own schema. */
export type SqlExecutor = QueryExecutorProvider;

/**
 * A database that opens transactions handing out `Tx` (a service's `Kysely<DB>` gives its typed
 * `Transaction<DB>`), so the unit of work passes use cases the transaction of their own schema.
 */
export interface TransactionalDatabase<Tx extends SqlExecutor> {
  transaction(): { execute<T>(work: (trx: Tx) => Promise<T>): Promise<T> };
}

/**
 * Appends messages to the outbox table inside the caller's transaction, in one statement (one
 * round trip however many a use case sends); rows take their `seq` in the order given.
 */
export async function appendToOutbox(trx: SqlExecutor, messages: TransportMessage[]): Promise<void> {
  if (messages.length === 0) return;
  const rows = messages.map((message) => sql`(${message.envelope.id}, ${message.topic}, ${message.key}, ${JSON.stringify(message.envelope)}::jsonb)`);
  await sql`insert into outbox (id, topic, message_key, envelope) values ${sql.join(rows)}`.execute(trx);
}

/**
 * Runs `work` in one database transaction together with the outbox rows it sends, and wakes the
 * relay once committed: the state change and its messages commit or fail together.
 */
export class UnitOfWork<Tx extends SqlExecutor = SqlExecutor> {
  readonly #db: TransactionalDatabase<Tx>;
  readonly #onCommitted: () => void;

  constructor(db: TransactionalDatabase<Tx>, onCommitted: () => void = () => {}) {
    this.#db = db;
    this.#onCommitted = onCommitted;
  }

  async run<T>(cause: MessageCause, work: (trx: Tx, outbox: Outbox) => Promise<T>): Promise<T> {
    return this.runEach((trx, outboxFor) => work(trx, outboxFor(cause)));
  }

  /**
   * `run` with an outbox per cause: a consumer applying a batch of messages in one transaction,
   * each message the cause of what its handler sends.
   */
  async runEach<T>(work: (trx: Tx, outboxFor: (cause: MessageCause) => Outbox) => Promise<T>): Promise<T> {
    let sent = 0;
    const result = await this.#db.transaction().execute(async (trx) => {
      const pending: TransportMessage[] = [];
      const outboxFor = (cause: MessageCause): Outbox => ({ cause, send: (message) => void pending.push(buildEnvelope(message, cause)) });
      const value = await work(trx, outboxFor);
      await appendToOutbox(trx, pending);
      sent = pending.length;
      return value;
    });
    if (sent > 0) this.#onCommitted();
    return result;
  }
}
