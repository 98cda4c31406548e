import type { TransportMessage } from './envelope.ts';

/** A consumer group's interest in some topics. */
export interface Subscription {
  /** Consumer group: each group gets every message once; members of one group share them. */
  group: string;
  topics: string[];
  /** Applies a message; throwing asks for redelivery. Must be idempotent (see the inbox). */
  handle(message: TransportMessage): Promise<void>;
  /**
   * Applies several messages at once, in the order given, all or none (one transaction): fewer
   * round trips than one `handle` each. Throwing means none was applied; the transport then
   * hands them to `handle` one by one, with its retries and dead letters. Optional.
   */
  handleBatch?(messages: TransportMessage[]): Promise<void>;
  /** Records a message that kept failing, with the reason, so it stops blocking its key. */
  deadLetter(message: TransportMessage, reason: string, attempts: number): Promise<void>;
}

/**
 * The port every transport implements, shaped after Kafka: keyed messages ordered per key
 * within a topic, at-least-once delivery, consumer groups.
 */
export interface MessageTransport {
  /** Resolves once the messages are durably accepted: after that they will be delivered. */
  publish(messages: TransportMessage[]): Promise<void>;
  subscribe(subscription: Subscription): Promise<void>;
  close(): Promise<void>;
  /**
   * Records this transport's consumer groups have not handled yet, per partition. Transports
   * without a log of their own (in-process: the producer's outbox is the log) have none.
   */
  backlog?(): Promise<ConsumerBacklog[]>;
}

/** Records a consumer group has not handled yet on one partition (Kafka). */
export interface ConsumerBacklog {
  group: string;
  topic: string;
  partition: number;
  /** Next offset the group will read (-1: nothing committed yet, so it reads from the start). */
  committed: number;
  /** Offset the next record written to the partition will get. */
  end: number;
  lag: number;
}

export interface RetryPolicy {
  /** Attempts before a message is dead-lettered. */
  maxAttempts: number;
  /** First backoff; doubles each attempt up to `maxBackoffMs`. */
  initialBackoffMs: number;
  maxBackoffMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 5, initialBackoffMs: 50, maxBackoffMs: 2_000 };

export const backoff = (policy: RetryPolicy, attempt: number): number => Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** Math.max(0, attempt - 1));
