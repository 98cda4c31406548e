import { sql } from 'kysely';
import type { Envelope, TransportMessage } from '../core/envelope.ts';
import type { MessageTransport } from '../core/transport.ts';
import type { SqlExecutor, TransactionalDatabase } from './unit-of-work.ts';

export interface RelayOptions {
  /** Rows published per round. */
  batchSize?: number;
  /** How often the outbox is polled when nobody wakes the relay. */
  pollIntervalMs?: number;
  /** Called with a failure; the relay keeps going and retries. */
  onError?: (error: unknown) => void;
  /** Test hook: waits this long between reading a batch and publishing it. */
  delayBeforePublishMs?: number;
  /**
   * `advisory-lock` (PostgreSQL, several replicas): each round runs in a transaction holding a
   * transaction-scoped advisory lock, so one replica publishes at a time and per-key order holds.
   * `none` (embedded, one process): rounds run without a transaction, because on a single
   * connection a transaction held across a publish would block the consumers it waits for.
   */
  exclusivity?: 'none' | 'advisory-lock';
}

/** Advisory lock key of the outbox relay (any constant shared by the replicas of one database). */
export const RELAY_LOCK_KEY = 7_310_001;

interface OutboxRow {
  seq: string | number;
  topic: string;
  message_key: string;
  envelope: Envelope | string;
}

/**
 * Publishes committed outbox rows in commit order and marks them sent only after the transport
 * accepted them, so nothing committed is lost and nothing uncommitted is published.
 */
export class OutboxRelay {
  readonly #db: SqlExecutor & TransactionalDatabase<SqlExecutor>;
  readonly #transport: MessageTransport;
  readonly #options: Required<Omit<RelayOptions, 'onError'>> & Pick<RelayOptions, 'onError'>;
  #running = false;
  #wakeRequested = false;
  #databaseWakes = false;
  #loop: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #wake: (() => void) | undefined;

  constructor(db: SqlExecutor & TransactionalDatabase<SqlExecutor>, transport: MessageTransport, options: RelayOptions = {}) {
    this.#db = db;
    this.#transport = transport;
    this.#options = {
      batchSize: options.batchSize ?? 100,
      pollIntervalMs: options.pollIntervalMs ?? 1_000,
      delayBeforePublishMs: options.delayBeforePublishMs ?? 0,
      exclusivity: options.exclusivity ?? 'none',
      onError: options.onError,
    };
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Asks for a round now. */
  wake(): void {
    this.#wakeRequested = true;
    this.#wake?.();
  }

  /**
   * Called by this process's unit of work after a transaction that sent messages commits: a round
   * now, unless the database's notification of that same commit is on its way (`databaseWakes`).
   */
  committed(): void {
    if (!this.#databaseWakes) this.wake();
  }

  /**
   * Whether the database now wakes this relay on every commit that writes the outbox, this
   * replica's and every other's (`LISTEN tramita_outbox` connected, messaging migration 0004). Set
   * by whoever listens, on connecting (which also asks for a round, for what was committed while
   * nobody listened) and on losing the connection.
   */
  setDatabaseWakes(listening: boolean): void {
    this.#databaseWakes = listening;
    if (listening) this.wake();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.wake();
    await this.#loop;
  }

  /** Publishes everything pending now; returns how many rows were sent. For tests and shutdown. */
  async drain(): Promise<number> {
    let total = 0;
    for (let sent = await this.#round(); sent > 0; sent = await this.#round()) total += sent;
    return total;
  }

  async #run(): Promise<void> {
    while (this.#running) {
      this.#wakeRequested = false;
      let sent: number;
      try {
        sent = await this.#round();
      } catch (error) {
        this.#options.onError?.(error);
        await this.#sleep(this.#options.pollIntervalMs);
        continue;
      }
      // When every commit wakes this relay (embedded, one process; or replicas listening to the
      // database's notifications), a batch short of full took everything committed before its read,
      // and a commit since asked for another round, so reading again now would find nothing. When
      // another replica's commit wakes only that replica's relay, which may have found the lock
      // taken, read again until a round finds nothing.
      const everyCommitWakes = this.#options.exclusivity === 'none' || this.#databaseWakes;
      const drained = everyCommitWakes ? sent < this.#options.batchSize : sent === 0;
      if (drained && !this.#wakeRequested) await this.#sleep(this.#options.pollIntervalMs);
    }
  }

  async #round(): Promise<number> {
    if (this.#options.exclusivity === 'none') return this.#publishBatch(this.#db);
    return this.#db.transaction().execute(async (trx) => {
      const lock = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${RELAY_LOCK_KEY}) as locked`.execute(trx);
      if (!lock.rows[0]?.locked) return 0; // another replica is publishing
      return this.#publishBatch(trx);
    });
  }

  async #publishBatch(db: SqlExecutor): Promise<number> {
    const rows = await sql<OutboxRow>`
      select seq, topic, message_key, envelope from outbox
      where published_at is null order by seq limit ${this.#options.batchSize}`.execute(db);
    if (rows.rows.length === 0) return 0;
    const messages: TransportMessage[] = rows.rows.map((row) => ({
      topic: row.topic,
      key: row.message_key,
      envelope: typeof row.envelope === 'string' ? (JSON.parse(row.envelope) as Envelope) : row.envelope,
    }));
    if (this.#options.delayBeforePublishMs > 0) await new Promise((r) => setTimeout(r, this.#options.delayBeforePublishMs));
    await this.#transport.publish(messages);
    const seqs = rows.rows.map((row) => Number(row.seq));
    await sql`update outbox set published_at = now() where seq in (${sql.join(seqs)})`.execute(db);
    return rows.rows.length;
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.#wake = () => {
        clearTimeout(this.#timer);
        this.#wake = undefined;
        resolve();
      };
      this.#timer = setTimeout(() => this.#wake?.(), ms);
    });
  }
}
