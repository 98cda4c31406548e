import { attemptDelivery } from './delivery-attempts.ts';
import { backoff, defaultRetryPolicy, type MessageTransport, type RetryPolicy, type Subscription } from './transport.ts';
import type { TransportMessage } from './envelope.ts';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Transport for the all-in-one mode. It keeps nothing itself: the producer's outbox is the
 * durable log, and `publish` resolves only when every subscribed group has applied (or
 * dead-lettered) each message, so the relay marks a row sent only after delivery. A crash
 * before that leaves the row unsent and it is published again on restart; inboxes absorb the
 * duplicate. Messages with the same topic and key are applied in order, per group.
 */
export class InProcessTransport implements MessageTransport {
  readonly #subscriptions: Subscription[] = [];
  readonly #lanes = new Map<string, Promise<void>>();
  readonly #policy: RetryPolicy;
  #closed = false;
  #opened: Promise<void>;
  #open: () => void = () => {};

  /**
   * With `startPaused`, publishing waits until `open()`: the all-in-one launcher opens the
   * transport once every service has subscribed, so no early message finds an empty topic.
   */
  constructor(policy: RetryPolicy = defaultRetryPolicy, options: { startPaused?: boolean } = {}) {
    this.#policy = policy;
    this.#opened = options.startPaused ? new Promise((resolve) => (this.#open = resolve)) : Promise.resolve();
  }

  open(): void {
    this.#open();
  }

  async subscribe(subscription: Subscription): Promise<void> {
    if (this.#subscriptions.some((s) => s.group === subscription.group && s.topics.some((t) => subscription.topics.includes(t)))) {
      throw new Error(`Group ${subscription.group} already subscribed to one of ${subscription.topics.join(', ')}`);
    }
    this.#subscriptions.push(subscription);
  }

  async publish(messages: TransportMessage[]): Promise<void> {
    if (this.#closed) throw new Error('Transport closed');
    await this.#opened;
    const deliveries: Promise<void>[] = [];
    for (const subscription of this.#subscriptions) {
      const batch = messages.filter((message) => subscription.topics.includes(message.topic));
      if (batch.length === 0) continue;
      const lanes = [...new Set(batch.map((message) => `${subscription.group}\u0000${message.topic}\u0000${message.key}`))];
      if (batch.length > 1 && subscription.handleBatch) {
        // One delivery for the group's share of this publish, after whatever its lanes still hold.
        const previous = Promise.all(lanes.map((lane) => this.#lanes.get(lane) ?? Promise.resolve()));
        deliveries.push(
          this.#queue(
            lanes,
            previous.then(() => this.#deliverBatch(subscription, batch)),
          ),
        );
        continue;
      }
      for (const message of batch) {
        const lane = `${subscription.group}\u0000${message.topic}\u0000${message.key}`;
        const previous = this.#lanes.get(lane) ?? Promise.resolve();
        deliveries.push(
          this.#queue(
            [lane],
            previous.then(() => this.#deliver(subscription, message)),
          ),
        );
      }
    }
    await Promise.all(deliveries);
  }

  /** Makes `delivery` the tail of `lanes`: the next message of any of them waits for it. */
  #queue(lanes: string[], delivery: Promise<void>): Promise<void> {
    for (const lane of lanes) this.#lanes.set(lane, delivery);
    void delivery
      .catch(() => {})
      .finally(() => {
        for (const lane of lanes) if (this.#lanes.get(lane) === delivery) this.#lanes.delete(lane);
      });
    return delivery;
  }

  /** The batch at once; if that fails, each message on its own with retries and dead letters, in order. */
  async #deliverBatch(subscription: Subscription, batch: TransportMessage[]): Promise<void> {
    try {
      await subscription.handleBatch!(batch);
      return;
    } catch {
      // None of it was applied: fall through to one at a time.
    }
    for (const message of batch) await this.#deliver(subscription, message);
  }

  async #deliver(subscription: Subscription, message: TransportMessage): Promise<void> {
    const outcome = await attemptDelivery(
      () => subscription.handle(message),
      this.#policy,
      () => this.#closed,
    );
    if ('stopped' in outcome) throw new Error('Transport closed during delivery');
    if (outcome.handled) return;
    const lastError = outcome.reason;
    // Dead-lettering must not be lost either: keep trying until it is recorded.
    for (let attempt = 1; ; attempt++) {
      if (this.#closed) throw new Error('Transport closed during dead-lettering');
      try {
        await subscription.deadLetter(message, lastError, this.#policy.maxAttempts);
        return;
      } catch {
        await sleep(backoff(this.#policy, attempt));
      }
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#open();
    await Promise.allSettled([...this.#lanes.values()]);
  }
}
