/** The part of a consumer's record stream the supervisor uses (a Node.js readable stream). */
export interface RecordStream<R> {
  on(event: 'data', listener: (record: R) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  pause(): unknown;
  resume(): unknown;
}

/** A consumer that joined its group and streams records. */
export interface OpenedConsumer<R> {
  stream: RecordStream<R>;
  /** Closes the stream and the consumer (leaving the group when the broker is reachable). */
  close(): Promise<void>;
}

/**
 * The life of the stream a record came from. Once that stream was replaced (or closed), its
 * records are not worth handling or committing: the new consumer reads them again from the
 * group's committed offsets, and a commit through the dead consumer may never settle.
 */
export interface StreamLease {
  readonly live: boolean;
  /** Resolves when the stream was replaced or closed. */
  readonly ended: Promise<void>;
}

export interface ResubscribingConsumerOptions<R> {
  /** Creates a consumer, joins the group and starts streaming (from the committed offsets). */
  open(): Promise<OpenedConsumer<R>>;
  onRecord(record: R, lease: StreamLease): void;
  onError(error: unknown, context: 'consume' | 'resubscribe' | 'close'): void;
  /** Wait before the n-th attempt to open again (1-based). */
  backoffMs(attempt: number): number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Keeps one subscription consuming for the life of the transport. The client ends a record
 * stream for good when the broker stays unreachable longer than its own retries (a broker
 * restart, a network cut): without this, the service would stay up but never consume again.
 * When the stream errors or closes, this closes what is left of that consumer and opens a new
 * one — with backoff, until it works or `close` is called — which resumes from the group's
 * committed offsets. Each record comes with the lease of its stream: once the stream is
 * replaced, records of it still queued must not be handled or committed (the new consumer
 * redelivers them, and the inbox absorbs a duplicate); its late records are dropped here.
 * Pausing (back-pressure) carries over to the new stream.
 */
export class ResubscribingConsumer<R> {
  readonly #options: ResubscribingConsumerOptions<R>;
  #current: OpenedConsumer<R> | undefined;
  #lease: (StreamLease & { end(): void }) | undefined;
  #reopening: Promise<void> | undefined;
  #paused = false;
  #closed = false;
  #reopened = 0;

  constructor(options: ResubscribingConsumerOptions<R>) {
    this.#options = options;
  }

  /** Opens the first consumer; a failure here reaches the caller (the subscription fails). */
  async start(): Promise<void> {
    this.#attach(await this.#options.open());
  }

  /** How many times the stream was replaced after it died. */
  get reopened(): number {
    return this.#reopened;
  }

  pause(): void {
    this.#paused = true;
    this.#current?.stream.pause();
  }

  resume(): void {
    this.#paused = false;
    this.#current?.stream.resume();
  }

  /** Stops replacing dead streams and closes the current consumer. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#lease?.end();
    await this.#reopening;
    await this.#current?.close().catch((error: unknown) => this.#options.onError(error, 'close'));
    this.#current = undefined;
  }

  #attach(opened: OpenedConsumer<R>): void {
    this.#current = opened;
    const lease = newLease();
    this.#lease = lease;
    const { stream } = opened;
    if (this.#paused) stream.pause();
    stream.on('data', (record) => {
      if (this.#current === opened) this.#options.onRecord(record, lease);
    });
    stream.on('error', (error) => {
      this.#options.onError(error, 'consume');
      this.#replace(opened);
    });
    stream.on('close', () => this.#replace(opened));
  }

  #replace(dead: OpenedConsumer<R>): void {
    if (this.#closed || this.#current !== dead) return;
    this.#current = undefined;
    this.#lease?.end();
    this.#reopening = (async () => {
      await dead.close().catch((error: unknown) => this.#options.onError(error, 'close'));
      for (let attempt = 1; !this.#closed; attempt++) {
        await sleep(this.#options.backoffMs(attempt));
        if (this.#closed) return;
        try {
          const opened = await this.#options.open();
          if (this.#closed) {
            await opened.close().catch((error: unknown) => this.#options.onError(error, 'close'));
            return;
          }
          this.#reopened++;
          this.#attach(opened);
          return;
        } catch (error) {
          this.#options.onError(error, 'resubscribe');
        }
      }
    })().finally(() => (this.#reopening = undefined));
  }
}

function newLease(): StreamLease & { end(): void } {
  let end!: () => void;
  const ended = new Promise<void>((resolve) => (end = resolve));
  const lease = {
    live: true,
    ended,
    end() {
      lease.live = false;
      end();
    },
  };
  return lease;
}
