import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { buildEnvelope } from '../core/envelope.ts';
import { KafkaTransport } from './kafka-transport.ts';

/**
 * The consumer backlog the consistency check relies on ("nothing left unconsumed"), read from a
 * real broker: records published but not handled show as lag on their partitions, and the lag
 * drops to zero once the handler let them through and the offsets were committed.
 */
const brokers = process.env.KAFKA_BROKERS?.split(',').filter(Boolean) ?? [];
const cause = { source: 'test', correlationId: 'corr', causationId: null };
const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(brokers.length === 0)('consumer backlog on Apache Kafka', () => {
  const transports: KafkaTransport[] = [];
  afterEach(async () => {
    await Promise.all(transports.splice(0).map((t) => t.close()));
  });

  it('counts records not yet handled per partition, and none once they are', async () => {
    const topic = unique('backlog');
    const group = unique('group');
    const producer = new KafkaTransport({ brokers, clientId: unique('producer'), partitions: 2 });
    const consumer = new KafkaTransport({ brokers, clientId: unique('consumer'), partitions: 2 });
    transports.push(producer, consumer);

    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let handled = 0;
    await consumer.subscribe({
      group,
      topics: [topic],
      handle: async () => {
        await gate;
        handled += 1;
      },
      deadLetter: async () => {},
    });
    const keys = ['a', 'b', 'c', 'd', 'e', 'f'];
    await producer.publish(keys.map((key) => buildEnvelope({ topic, type: 'Step', subject: key, data: {} }, cause)));

    const blocked = await consumer.backlog();
    expect(blocked.map((row) => row.partition)).toEqual([0, 1]);
    expect(blocked.every((row) => row.group === group && row.topic === topic)).toBe(true);
    expect(blocked.reduce((sum, row) => sum + row.end, 0)).toBe(keys.length);
    expect(blocked.reduce((sum, row) => sum + row.lag, 0)).toBe(keys.length);

    release();
    const drained = await waitFor(async () => {
      const rows = await consumer.backlog();
      return rows.every((row) => row.lag === 0) ? rows : undefined;
    }, 'the backlog to drain');
    expect(handled).toBe(keys.length);
    expect(drained.reduce((sum, row) => sum + row.committed, 0)).toBe(keys.length);
  });

  it('has no backlog for a transport without subscriptions', async () => {
    const idle = new KafkaTransport({ brokers, clientId: unique('idle') });
    transports.push(idle);
    expect(await idle.backlog()).toEqual([]);
  });
});
