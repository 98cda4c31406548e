import {
  Admin,
  Consumer,
  MessagesStreamFallbackModes,
  MessagesStreamModes,
  ProduceAcks,
  Producer,
  stringDeserializers,
  stringSerializers,
  type Message,
  type MessagesStream,
} from '@platformatic/kafka';
import { attemptDelivery } from '../core/delivery-attempts.ts';
import type { TransportMessage } from '../core/envelope.ts';
import { readConsumerBacklog } from './kafka-consumer-backlog.ts';
import { ResubscribingConsumer, type OpenedConsumer, type StreamLease } from './kafka-resubscribing-consumer.ts';
import { SerialLanes } from './kafka-transport-lanes.ts';
import { deadLetterRecord, deadLetterTopic, decodeRecord, encodeRecord, errorReason, type KafkaRecord } from './kafka-transport-records.ts';
import { backoff, defaultRetryPolicy, type ConsumerBacklog, type MessageTransport, type RetryPolicy, type Subscription } from '../core/transport.ts';

export interface KafkaTransportOptions {
  /** Bootstrap brokers, e.g. ["127.0.0.1:59092"]. */
  brokers: string[];
  clientId: string;
  /** Partitions of the topics this transport creates (default 3). */
  partitions?: number;
  /** Replication factor of the topics this transport creates (default 1). */
  replicationFactor?: number;
  /** Attempts and backoff before a message is dead-lettered. */
  retry?: RetryPolicy;
  /** Dead-letter topic of a group: `<group><suffix>` (default ".dlq"). */
  dlqSuffix?: string;
  /** Records a subscription may hold before the stream pauses (default 200). */
  maxInFlight?: number;
  /**
   * Records of one partition applied in one `handleBatch` transaction and one offset commit, at
   * most: those that arrived while the partition's previous records were being applied (default
   * 100; 1 applies and commits each record on its own).
   */
  maxBatch?: number;
  /** Consumer group session timeout and heartbeat (defaults 10 s and 1 s). */
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /** Failures that do not reach a caller (commits, stream errors, retries of dead-lettering). */
  onError?: (error: unknown, context: string) => void;
}

type StringMessage = Message<string, string, string, string>;

/** A record and the life of the stream it came from. */
interface LeasedRecord {
  record: StringMessage;
  lease: StreamLease;
}

interface RunningConsumer {
  subscription: Subscription;
  consumer: ResubscribingConsumer<StringMessage>;
  lanes: SerialLanes<LeasedRecord>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The message transport of the distributed mode. Publishing resolves once every in-sync replica
 * acknowledged the records (acks=all, idempotent producer). Each subscription is a consumer
 * group; a partition's records are handled in order, and a record's offset is committed only
 * after its handler (the inbox transaction) resolved, or after it was dead-lettered: a crash in
 * between means redelivery, which the inbox absorbs. Records that queued up behind a busy
 * partition are applied together (`handleBatch`, one transaction) and committed with one offset.
 */
export class KafkaTransport implements MessageTransport {
  readonly #options: Required<Omit<KafkaTransportOptions, 'onError'>>;
  readonly #onError: (error: unknown, context: string) => void;
  readonly #producer: Producer<string, string, string, string>;
  readonly #consumers: RunningConsumer[] = [];
  readonly #knownTopics = new Set<string>();
  #admin: Admin | undefined;
  #closed = false;

  constructor(options: KafkaTransportOptions) {
    this.#options = {
      partitions: 3,
      replicationFactor: 1,
      retry: defaultRetryPolicy,
      dlqSuffix: '.dlq',
      maxInFlight: 200,
      maxBatch: 100,
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 1_000,
      ...options,
    };
    this.#onError = options.onError ?? (() => {});
    this.#producer = new Producer({
      clientId: options.clientId,
      bootstrapBrokers: options.brokers,
      serializers: stringSerializers,
      idempotent: true,
      acks: ProduceAcks.ALL,
    });
  }

  async publish(messages: TransportMessage[]): Promise<void> {
    if (this.#closed) throw new Error('Transport closed');
    if (messages.length === 0) return;
    await this.#ensureTopics([...new Set(messages.map((m) => m.topic))]);
    await this.#send(messages.map(encodeRecord));
  }

  async subscribe(subscription: Subscription): Promise<void> {
    if (this.#closed) throw new Error('Transport closed');
    await this.#ensureTopics([...subscription.topics, deadLetterTopic(subscription.group, this.#options.dlqSuffix)]);
    // Lanes outlive a replaced stream, so a partition's records stay serial across the replacement.
    const lanes: SerialLanes<LeasedRecord> = new SerialLanes<LeasedRecord>({
      limit: this.#options.maxInFlight,
      maxBatch: this.#options.maxBatch,
      flow: { pause: () => consumer.pause(), resume: () => consumer.resume() },
      run: (records) => this.#deliverAll(subscription, records),
      onError: (error) => this.#onError(error, `deliver ${subscription.group}`),
    });
    const consumer = new ResubscribingConsumer<StringMessage>({
      open: () => this.#openConsumer(subscription),
      onRecord: (record, lease) => lanes.push(`${record.topic}\u0000${record.partition}`, { record, lease }),
      onError: (error, context) => this.#onError(error, `${context} ${subscription.group}`),
      backoffMs: (attempt) => backoff(this.#options.retry, attempt),
    });
    await consumer.start();
    this.#consumers.push({ subscription, consumer, lanes });
  }

  async #openConsumer(subscription: Subscription): Promise<OpenedConsumer<StringMessage>> {
    const consumer = new Consumer({
      groupId: subscription.group,
      clientId: `${this.#options.clientId}.${subscription.group}`,
      bootstrapBrokers: this.#options.brokers,
      deserializers: stringDeserializers,
      autocommit: false,
      sessionTimeout: this.#options.sessionTimeoutMs,
      heartbeatInterval: this.#options.heartbeatIntervalMs,
      maxWaitTime: 500,
    });
    let stream: MessagesStream<string, string, string, string>;
    try {
      stream = await consumer.consume({
        topics: subscription.topics,
        autocommit: false,
        // A new group starts from the beginning: nothing published before it subscribed is lost.
        mode: MessagesStreamModes.COMMITTED,
        fallbackMode: MessagesStreamFallbackModes.EARLIEST,
      });
    } catch (error) {
      await consumer.close(true).catch(() => {});
      throw error;
    }
    return {
      stream,
      async close() {
        await stream.close().catch(() => {});
        await consumer.close(true);
      },
    };
  }

  /** Unhandled records of this transport's consumer groups, per partition (committed vs end offsets). */
  async backlog(): Promise<ConsumerBacklog[]> {
    return readConsumerBacklog(
      this.#adminClient(),
      this.#consumers.map(({ subscription }) => ({ group: subscription.group, topics: subscription.topics })),
    );
  }

  /** Stops fetching, lets handlers in progress finish (and commit), then closes every client. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const { consumer } of this.#consumers) consumer.pause();
    await Promise.all(this.#consumers.map(({ lanes }) => lanes.idle()));
    for (const { consumer } of this.#consumers) await consumer.close();
    await this.#producer.close().catch((error: unknown) => this.#onError(error, 'close producer'));
    await this.#admin?.close().catch((error: unknown) => this.#onError(error, 'close admin'));
  }

  /**
   * Records of one partition, in order. Those of one stream are applied in one `handleBatch`
   * transaction and committed with the last one's offset; if that fails (none was applied), or
   * one of them is not an envelope, each goes on its own with retries and dead letters, so a
   * poison record still ends alone in the dead-letter topic.
   */
  async #deliverAll(subscription: Subscription, records: LeasedRecord[]): Promise<void> {
    for (const group of byLease(records)) {
      const lease = group[0]!.lease;
      if (group.length > 1 && subscription.handleBatch && (await this.#deliverBatch(subscription, group, lease))) continue;
      for (const { record } of group) await this.#deliver(subscription, record, lease);
    }
  }

  /** True when the whole group was applied and its last offset committed. */
  async #deliverBatch(subscription: Subscription, group: LeasedRecord[], lease: StreamLease): Promise<boolean> {
    if (this.#closed || !lease.live) return true; // left uncommitted: whoever consumes next reads them again
    let messages: TransportMessage[];
    try {
      messages = group.map(({ record }) => decodeRecord(record.topic, record.key, record.value));
    } catch {
      return false;
    }
    try {
      await subscription.handleBatch!(messages);
    } catch {
      return false;
    }
    await this.#commit(group.at(-1)!.record, lease);
    return true;
  }

  async #deliver(subscription: Subscription, record: StringMessage, lease: StreamLease): Promise<void> {
    // Closed (or crashed), or the record's stream was replaced, before its handler succeeded:
    // leave the offset uncommitted; whoever consumes the partition next reads it again.
    const stopped = () => this.#closed || !lease.live;
    if (stopped()) return;
    let message: TransportMessage;
    try {
      message = decodeRecord(record.topic, record.key, record.value);
    } catch (error) {
      // A record that is not an envelope can never succeed: straight to the dead-letter topic.
      await this.#deadLetter(subscription, record, lease, undefined, errorReason(error), 0);
      return;
    }
    const outcome = await attemptDelivery(
      () => subscription.handle(message),
      this.#options.retry,
      stopped,
      (error) => this.#onError(error, `deliver ${subscription.group}: infrastructure unavailable, trying again`),
    );
    if ('stopped' in outcome) return;
    if (outcome.handled) await this.#commit(record, lease);
    else await this.#deadLetter(subscription, record, lease, message, outcome.reason, outcome.attempts);
  }

  async #deadLetter(
    subscription: Subscription,
    record: StringMessage,
    lease: StreamLease,
    message: TransportMessage | undefined,
    reason: string,
    attempts: number,
  ) {
    const failure = { group: subscription.group, suffix: this.#options.dlqSuffix, reason, attempts };
    const dead = deadLetterRecord({ key: record.key, value: record.value, headers: record.headers }, record, failure);
    if (!(await this.#persistently('dead-letter topic', lease, () => this.#send([dead])))) return;
    if (message && !(await this.#persistently('dead-letter callback', lease, () => subscription.deadLetter(message, reason, attempts)))) return;
    await this.#commit(record, lease);
  }

  /** Retries `work` until it succeeds; false if the transport closed or the stream was replaced first (offset left uncommitted). */
  async #persistently(what: string, lease: StreamLease, work: () => Promise<void>): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      if (this.#closed || !lease.live) return false;
      try {
        await work();
        return true;
      } catch (error) {
        this.#onError(error, what);
        await sleep(backoff(this.#options.retry, attempt));
      }
    }
  }

  /**
   * Commits a handled record's offset. A commit through a consumer that is rejoining waits for
   * the rejoin, and through a consumer that died never settles: stop waiting when the record's
   * stream is replaced (the offset stays uncommitted; redelivered, the inbox absorbs it).
   */
  async #commit(record: StringMessage, lease: StreamLease): Promise<void> {
    try {
      await Promise.race([record.commit(), lease.ended]);
    } catch (error) {
      // The partition may have moved to another member: it will redeliver, the inbox dedupes.
      this.#onError(error, `commit ${record.topic}/${record.partition}@${record.offset}`);
    }
  }

  async #send(records: KafkaRecord[]): Promise<void> {
    await this.#producer.send({ messages: records, acks: ProduceAcks.ALL });
  }

  #adminClient(): Admin {
    return (this.#admin ??= new Admin({ clientId: `${this.#options.clientId}.admin`, bootstrapBrokers: this.#options.brokers }));
  }

  async #ensureTopics(topics: string[]): Promise<void> {
    const missing = topics.filter((topic) => !this.#knownTopics.has(topic));
    if (missing.length === 0) return;
    const admin = this.#adminClient();
    const existing = new Set(await admin.listTopics());
    const toCreate = missing.filter((topic) => !existing.has(topic));
    if (toCreate.length > 0) {
      try {
        await admin.createTopics({ topics: toCreate, partitions: this.#options.partitions, replicas: this.#options.replicationFactor });
      } catch (error) {
        // Another client may be creating them at the same moment: its topics show up in the
        // metadata a little later, so look again for a few seconds before giving up.
        for (let attempt = 1; ; attempt++) {
          const now = new Set(await admin.listTopics());
          if (toCreate.every((topic) => now.has(topic))) break;
          if (attempt >= 10) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
        }
      }
    }
    for (const topic of missing) this.#knownTopics.add(topic);
  }
}

/** Consecutive records of the same stream (a partition's lane outlives a replaced stream). */
function byLease(records: LeasedRecord[]): LeasedRecord[][] {
  const groups: LeasedRecord[][] = [];
  for (const entry of records) {
    const last = groups.at(-1);
    if (last && last[0]!.lease === entry.lease) last.push(entry);
    else groups.push([entry]);
  }
  return groups;
}
