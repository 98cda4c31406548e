import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { Consumer, MessagesStreamModes, stringDeserializers } from '@platformatic/kafka';
import { Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { PGliteDialect } from '../../../platform/src/pglite-dialect.ts';
import { buildEnvelope, type TransportMessage } from '../core/envelope.ts';
import { inboxConsumer } from '../postgres/inbox-consumer.ts';
import { KafkaTransport, type KafkaTransportOptions } from './kafka-transport.ts';
import type { Subscription } from '../core/transport.ts';
import { UnitOfWork } from '../postgres/unit-of-work.ts';
import { messagingMigrations } from '../index.ts';

/**
 * KafkaTransport against a real broker (scripts/infra/kafka.sh; `npm run test:infra` starts it).
 * Set KAFKA_BROKERS (e.g. 127.0.0.1:59092) to run. Every test uses fresh topics and groups.
 */
const brokers = process.env.KAFKA_BROKERS?.split(',').filter(Boolean) ?? [];
const cause = { source: 'test', correlationId: 'corr', causationId: null };
const fast = { maxAttempts: 3, initialBackoffMs: 5, maxBackoffMs: 20 };

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
const message = (topic: string, key: string, type: string, data: unknown): TransportMessage => buildEnvelope({ topic, type, subject: key, data }, cause);

async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(brokers.length === 0)('KafkaTransport on Apache Kafka', () => {
  const transports: KafkaTransport[] = [];
  const open = (options: Partial<KafkaTransportOptions> = {}) => {
    const transport = new KafkaTransport({ brokers, clientId: unique('test'), retry: fast, ...options });
    transports.push(transport);
    return transport;
  };
  const recorder = (group: string, topics: string[], seen: TransportMessage[]): Subscription => ({
    group,
    topics,
    handle: async (m) => void seen.push(m),
    deadLetter: async () => {},
  });

  afterEach(async () => {
    await Promise.all(transports.splice(0).map((t) => t.close()));
  });

  it('keeps the order of each key across several keys and partitions', async () => {
    const topic = unique('order');
    const producer = open({ partitions: 3 });
    const keys = ['exp-a', 'exp-b', 'exp-c', 'exp-d', 'exp-e', 'exp-f'];
    for (let round = 0; round < 4; round++) {
      const batch: TransportMessage[] = [];
      for (let n = 0; n < 5; n++) for (const key of keys) batch.push(message(topic, key, 'Step', { n: round * 5 + n }));
      await producer.publish(batch);
    }
    const seen: TransportMessage[] = [];
    const partitionsSeen = new Set<number>();
    const consumer = open();
    await consumer.subscribe({
      ...recorder(unique('order-group'), [topic], seen),
      // Slow handlers make any cross-record concurrency inside a partition show up as disorder.
      handle: async (m) => {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
        seen.push(m);
      },
    });
    await waitFor(() => seen.length === keys.length * 20, 'every message');
    for (const key of keys) {
      const order = seen.filter((m) => m.key === key).map((m) => (m.envelope.data as { n: number }).n);
      expect(order).toEqual([...Array(20).keys()]);
    }
    // The keys really spread over several partitions (read back through a raw consumer).
    const raw = new Consumer({ groupId: unique('probe'), clientId: 'probe', bootstrapBrokers: brokers, deserializers: stringDeserializers });
    const stream = await raw.consume({ topics: [topic], mode: MessagesStreamModes.EARLIEST, autocommit: false });
    let read = 0;
    for await (const record of stream) {
      partitionsSeen.add(record.partition);
      if (++read === keys.length * 20) break;
    }
    await stream.close();
    await raw.close(true);
    expect(partitionsSeen.size).toBeGreaterThan(1);
  });

  it('delivers every message to each consumer group', async () => {
    const topic = unique('fanout');
    const transport = open();
    const first: TransportMessage[] = [];
    const second: TransportMessage[] = [];
    await transport.subscribe(recorder(unique('index'), [topic], first));
    await transport.subscribe(recorder(unique('audit'), [topic], second));
    const sent = ['k1', 'k2', 'k3', 'k4'].map((key, n) => message(topic, key, 'Happened', { n }));
    await transport.publish(sent);
    await waitFor(() => first.length === 4 && second.length === 4, 'both groups');
    const ids = sent.map((m) => m.envelope.id).sort();
    expect(first.map((m) => m.envelope.id).sort()).toEqual(ids);
    expect(second.map((m) => m.envelope.id).sort()).toEqual(ids);
    expect(first[0]?.envelope).toMatchObject({ specversion: '1.0', source: 'test', correlationid: 'corr' });
  });

  it('waits out a database outage under a handler instead of dead-lettering, and applies the message once it is back', async () => {
    const topic = unique('outage');
    const group = unique('index');
    const transport = open({ retry: fast });
    const applied: string[] = [];
    const deadLettered: string[] = [];
    let failures = 0;
    await transport.subscribe({
      group,
      topics: [topic],
      handle: async (m) => {
        // Far more failures than maxAttempts (3): the database is down for a while.
        if (failures < 12) {
          failures++;
          throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:55432'), { code: 'ECONNREFUSED' });
        }
        applied.push(m.envelope.type);
      },
      deadLetter: async (m) => void deadLettered.push(m.envelope.type),
    });
    await transport.publish([message(topic, 'EXP-1', 'FileCreated', {}), message(topic, 'EXP-1', 'FileUpdated', {})]);
    await waitFor(() => applied.length === 2, 'both messages applied');
    expect(applied).toEqual(['FileCreated', 'FileUpdated']);
    expect(failures).toBe(12);
    expect(deadLettered).toEqual([]);
  });

  it('dead-letters a message that keeps failing, with the reason and its origin, and goes on with the key', async () => {
    const topic = unique('poison');
    const group = unique('files');
    const transport = open({ retry: fast });
    const applied: string[] = [];
    const deadLettered: { type: string; reason: string; attempts: number }[] = [];
    let attemptsSeen = 0;
    await transport.subscribe({
      group,
      topics: [topic],
      handle: async (m) => {
        if (m.envelope.type === 'Poison') {
          attemptsSeen++;
          throw new Error('expediente EXP-1 does not exist');
        }
        applied.push(m.envelope.type);
      },
      deadLetter: async (m, reason, attempts) => void deadLettered.push({ type: m.envelope.type, reason, attempts }),
    });
    await transport.publish([message(topic, 'EXP-1', 'Poison', {}), message(topic, 'EXP-1', 'After', {})]);
    await waitFor(() => applied.includes('After'), 'the next message of the key');
    expect(attemptsSeen).toBe(3);
    expect(deadLettered).toEqual([{ type: 'Poison', reason: 'expediente EXP-1 does not exist', attempts: 3 }]);

    const raw = new Consumer({ groupId: unique('dlq-probe'), clientId: 'probe', bootstrapBrokers: brokers, deserializers: stringDeserializers });
    const stream = await raw.consume({ topics: [`${group}.dlq`], mode: MessagesStreamModes.EARLIEST, autocommit: false });
    const [record] = await stream.take(1).toArray();
    await stream.close();
    await raw.close(true);
    expect(record?.key).toBe('EXP-1');
    expect(JSON.parse(record!.value)).toMatchObject({ type: 'Poison', subject: 'EXP-1' });
    expect(Object.fromEntries(record!.headers)).toMatchObject({
      dlq_reason: 'expediente EXP-1 does not exist',
      dlq_attempts: '3',
      dlq_group: group,
      dlq_original_topic: topic,
      dlq_original_offset: '0',
      ce_type: 'Poison',
    });
    expect(Number(record!.headers.get('dlq_original_partition'))).toBeGreaterThanOrEqual(0);
  });

  it('applies the records queued behind a busy partition in one batch and one commit; a failing batch goes one record at a time', async () => {
    const clean = unique('clean');
    const poisoned = unique('poisoned');
    const kinds = (messages: TransportMessage[]) => messages.map((m) => m.envelope.type);
    // Published before anyone subscribes: the first fetch brings each partition's records at once,
    // the first of a partition is applied alone, the rest queue behind it.
    await open({ partitions: 1 }).publish([
      ...['S0', 'S1', 'S2', 'S3', 'S4', 'S5'].map((type) => message(clean, 'EXP-1', type, {})),
      ...['P0', 'P1', 'Poison', 'P2'].map((type) => message(poisoned, 'EXP-2', type, {})),
    ]);
    const applied: string[] = [];
    const batches: string[][] = [];
    const deadLettered: string[] = [];
    const transport = open({ retry: fast });
    await transport.subscribe({
      group: unique('index'),
      topics: [clean, poisoned],
      handle: async (m) => {
        if (m.envelope.type === 'Poison') throw new Error('expediente EXP-2 does not exist');
        applied.push(m.envelope.type);
      },
      handleBatch: async (messages) => {
        batches.push(kinds(messages));
        if (messages.some((m) => m.envelope.type === 'Poison')) throw new Error('none of the batch applied');
        applied.push(...kinds(messages));
      },
      deadLetter: async (m) => void deadLettered.push(m.envelope.type),
    });
    await waitFor(() => applied.length === 9 && deadLettered.length === 1, 'every record applied or dead-lettered');
    expect(applied.filter((type) => type.startsWith('S'))).toEqual(['S0', 'S1', 'S2', 'S3', 'S4', 'S5']);
    expect(applied.filter((type) => type.startsWith('P'))).toEqual(['P0', 'P1', 'P2']);
    expect(deadLettered).toEqual(['Poison']);
    expect(batches.some((batch) => batch.length > 1 && batch[0]!.startsWith('S'))).toBe(true);
    expect(batches.some((batch) => batch.includes('Poison'))).toBe(true);
    // Every offset committed, the batches' included: nothing left for the group to read again.
    await waitFor(async () => (await transport.backlog()).every((partition) => partition.lag === 0), 'the offsets committed');
  });

  describe('with an inbox', () => {
    let pglite: PGlite | undefined;
    afterEach(async () => {
      await pglite?.close();
    });

    it('redelivers a message whose consumer crashed before committing, and the inbox applies it once', async () => {
      pglite = await PGlite.create();
      const db = new Kysely<unknown>({ dialect: new PGliteDialect(pglite) });
      await sql.raw(await readFile(`${messagingMigrations.directory}/0001_messaging.sql`, 'utf8')).execute(db);
      await sql`create table effects (note text not null)`.execute(db);
      const topic = unique('crash');
      const group = unique('index');
      const inbox = inboxConsumer({
        group,
        source: 'index',
        topics: [topic],
        unitOfWork: new UnitOfWork(db),
        handlers: { Noted: async (trx, envelope) => void (await sql`insert into effects values (${envelope.id})`.execute(trx)) },
      });

      const crashing = open();
      let closing: Promise<void> | undefined;
      const firstDeliveries: string[] = [];
      await crashing.subscribe({
        ...inbox,
        handle: async (m) => {
          await inbox.handle(m); // effect and inbox row committed...
          firstDeliveries.push(m.envelope.id);
          closing = crashing.close(); // ...then the consumer dies before committing the offset.
          throw new Error('process killed');
        },
      });
      const sent = message(topic, 'EXP-9', 'Noted', {});
      await open().publish([sent]);
      await waitFor(() => closing !== undefined, 'the first delivery');
      await closing;

      const redelivered: string[] = [];
      const survivor = open();
      await survivor.subscribe({ ...inbox, handle: async (m) => (await inbox.handle(m), void redelivered.push(m.envelope.id)) });
      await waitFor(() => redelivered.length === 1, 'the redelivery');
      expect(firstDeliveries).toEqual([sent.envelope.id]);
      expect(redelivered).toEqual([sent.envelope.id]);
      const effects = await sql<{ n: number }>`select count(*)::int as n from effects`.execute(db);
      expect(effects.rows[0]?.n).toBe(1);
      await db.destroy();
    });
  });
});
