import { sql } from 'kysely';
import type { Envelope, TransportMessage } from './envelope.ts';
import type { MessageTransport } from './transport.ts';
import type { AnyDb } from './unit-of-work.ts';

export interface RelayOptions {
  /** Rows published per round. */
  batchSize?: number;
  /** How often the outbox is polled when nobody wakes the relay. */
  pollIntervalMs?: number;
  /** Called with a failure; the relay keeps going and retries. */
  onError?: (error: unknown) => void;
  /** Test hook: waits this long between reading a batch and publishing it. */
  delayBeforePublishMs?: number;
}

/**
 * Publishes committed outbox rows in commit order and marks them sent only after the transport
 * accepted them, so nothing committed is lost and nothing uncommitted is published.
 */
export class OutboxRelay {
  readonly #db: AnyDb;
  readonly #transport: MessageTransport;
  readonly #options: Required<Omit<RelayOptions, 'onError'>> & Pick<RelayOptions, 'onError'>;
  #running = false;
  #wakeRequested = false;
  #loop: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #wake: (() => void) | undefined;

  constructor(db: AnyDb, transport: MessageTransport, options: RelayOptions = {}) {
    this.#db = db;
    this.#transport = transport;
    this.#options = {
      batchSize: options.batchSize ?? 100,
      pollIntervalMs: options.pollIntervalMs ?? 1_000,
      delayBeforePublishMs: options.delayBeforePublishMs ?? 0,
      onError: options.onError,
    };
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Asks for a round now (called after a transaction that sent messages commits). */
  wake(): void {
    this.#wakeRequested = true;
    this.#wake?.();
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
      if (sent === 0 && !this.#wakeRequested) await this.#sleep(this.#options.pollIntervalMs);
    }
  }

  async #round(): Promise<number> {
    const rows = await sql<{ seq: string | number; topic: string; message_key: string; envelope: Envelope | string }>`
      select seq, topic, message_key, envelope from outbox
      where published_at is null order by seq limit ${this.#options.batchSize}`.execute(this.#db);
    if (rows.rows.length === 0) return 0;
    const messages: TransportMessage[] = rows.rows.map((row) => ({
      topic: row.topic,
      key: row.message_key,
      envelope: typeof row.envelope === 'string' ? (JSON.parse(row.envelope) as Envelope) : row.envelope,
    }));
    if (this.#options.delayBeforePublishMs > 0) await new Promise((r) => setTimeout(r, this.#options.delayBeforePublishMs));
    await this.#transport.publish(messages);
    const seqs = rows.rows.map((row) => Number(row.seq));
    await sql`update outbox set published_at = now() where seq in (${sql.join(seqs)})`.execute(this.#db);
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
