export interface SerialLanesOptions<T> {
  /** Items queued over all lanes before the source is asked to pause (it resumes once half are done). */
  limit: number;
  /** Items of one lane handed to `run` at once, at most: those queued while the lane was busy. */
  maxBatch: number;
  flow: { pause(): void; resume(): void };
  /** Runs items of one lane, in the order pushed; the lane's next items wait for it. */
  run: (items: T[]) => Promise<void>;
  onError: (error: unknown) => void;
}

/**
 * Runs the items of a lane (a topic partition) one batch after another, in order, and lanes
 * concurrently. A lane's first item runs on its own at once; items pushed while the lane is busy
 * wait and then run together (up to `maxBatch`), so a busy partition is applied in fewer
 * transactions and commits. Bounded: past `limit` queued items it asks the source to pause, and
 * to resume once half of them are done. Pure: no Kafka here.
 */
export class SerialLanes<T> {
  readonly #queues = new Map<string, T[]>();
  readonly #running = new Map<string, Promise<void>>();
  readonly #options: SerialLanesOptions<T>;
  #pending = 0;
  #paused = false;

  constructor(options: SerialLanesOptions<T>) {
    this.#options = { ...options, limit: Math.max(1, options.limit), maxBatch: Math.max(1, options.maxBatch) };
  }

  get pending(): number {
    return this.#pending;
  }

  push(lane: string, item: T): void {
    this.#pending++;
    if (this.#pending >= this.#options.limit && !this.#paused) {
      this.#paused = true;
      this.#options.flow.pause();
    }
    const queue = this.#queues.get(lane);
    if (queue) queue.push(item);
    else this.#queues.set(lane, [item]);
    if (!this.#running.has(lane)) this.#running.set(lane, this.#drain(lane));
  }

  async #drain(lane: string): Promise<void> {
    for (let queue = this.#queues.get(lane); queue && queue.length > 0; queue = this.#queues.get(lane)) {
      const items = queue.splice(0, this.#options.maxBatch);
      if (queue.length === 0) this.#queues.delete(lane);
      try {
        await this.#options.run(items);
      } catch (error) {
        this.#options.onError(error);
      }
      this.#pending -= items.length;
      if (this.#paused && this.#pending <= Math.floor(this.#options.limit / 2)) {
        this.#paused = false;
        this.#options.flow.resume();
      }
    }
    this.#running.delete(lane);
  }

  /** Resolves once every queued item has run (items queued meanwhile included). */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running.values()]);
  }
}
