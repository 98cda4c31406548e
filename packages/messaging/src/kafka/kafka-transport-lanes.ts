/**
 * Runs work items one after another within a lane (a topic partition) and lanes concurrently,
 * with a bound on queued items: past `limit` it asks the source to pause, and to resume once
 * half of them are done. Pure: no Kafka here.
 */
export class SerialLanes {
  readonly #tails = new Map<string, Promise<void>>();
  readonly #limit: number;
  readonly #flow: { pause(): void; resume(): void };
  readonly #onError: (error: unknown) => void;
  #pending = 0;
  #paused = false;

  constructor(limit: number, flow: { pause(): void; resume(): void }, onError: (error: unknown) => void) {
    this.#limit = Math.max(1, limit);
    this.#flow = flow;
    this.#onError = onError;
  }

  get pending(): number {
    return this.#pending;
  }

  push(lane: string, work: () => Promise<void>): void {
    this.#pending++;
    if (this.#pending >= this.#limit && !this.#paused) {
      this.#paused = true;
      this.#flow.pause();
    }
    const previous = this.#tails.get(lane) ?? Promise.resolve();
    const next = previous
      .then(work)
      .catch(this.#onError)
      .finally(() => {
        this.#pending--;
        if (this.#tails.get(lane) === next) this.#tails.delete(lane);
        if (this.#paused && this.#pending <= Math.floor(this.#limit / 2)) {
          this.#paused = false;
          this.#flow.resume();
        }
      });
    this.#tails.set(lane, next);
  }

  /** Resolves once every queued item has run (items queued meanwhile included). */
  async idle(): Promise<void> {
    while (this.#tails.size > 0) await Promise.allSettled([...this.#tails.values()]);
  }
}
