import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ResubscribingConsumer, type OpenedConsumer, type StreamLease } from './kafka-resubscribing-consumer.ts';

/** A record stream without a broker: records, errors and closes are emitted by the test. */
class FakeStream extends EventEmitter {
  paused = false;
  pause() {
    this.paused = true;
  }
  resume() {
    this.paused = false;
  }
}

function harness(failOpens = 0) {
  const streams: FakeStream[] = [];
  const closed: FakeStream[] = [];
  const received: string[] = [];
  const leases: StreamLease[] = [];
  const errors: string[] = [];
  let failures = failOpens;
  const consumer = new ResubscribingConsumer<string>({
    async open(): Promise<OpenedConsumer<string>> {
      // The first open always works (the subscription starts); reopenings fail `failOpens` times.
      if (streams.length > 0 && failures-- > 0) throw new Error('broker unreachable');
      const stream = new FakeStream();
      streams.push(stream);
      return { stream, close: async () => void closed.push(stream) };
    },
    onRecord: (record, lease) => {
      received.push(record);
      leases.push(lease);
    },
    onError: (error, context) => void errors.push(`${context}: ${(error as Error).message}`),
    backoffMs: () => 1,
  });
  return { consumer, streams, closed, received, leases, errors };
}

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 2));
  expect(condition()).toBe(true);
};

describe('ResubscribingConsumer', () => {
  it('hands out the records of its stream', async () => {
    const { consumer, streams, received } = harness();
    await consumer.start();
    streams[0]!.emit('data', 'a');
    streams[0]!.emit('data', 'b');
    expect(received).toEqual(['a', 'b']);
    expect(consumer.reopened).toBe(0);
  });

  it('opens a new consumer when the stream dies (broker gone longer than the client retries), and consumes again', async () => {
    const { consumer, streams, closed, received, errors } = harness();
    await consumer.start();
    streams[0]!.emit('error', new Error('fetch failed 4 times.'));
    streams[0]!.emit('close');
    await until(() => streams.length === 2);
    expect(closed).toEqual([streams[0]]);
    expect(errors).toEqual(['consume: fetch failed 4 times.']);
    streams[0]!.emit('data', 'late record of the dead stream');
    streams[1]!.emit('data', 'c');
    expect(received).toEqual(['c']);
    expect(consumer.reopened).toBe(1);
  });

  it("ends the lease of a replaced stream's records, so they are neither handled nor committed through it", async () => {
    const { consumer, streams, leases } = harness();
    await consumer.start();
    streams[0]!.emit('data', 'a');
    const first = leases[0]!;
    expect(first.live).toBe(true);
    let ended = false;
    void first.ended.then(() => (ended = true));
    streams[0]!.emit('error', new Error('fetch failed 4 times.'));
    await until(() => streams.length === 2);
    expect(first.live).toBe(false);
    expect(ended).toBe(true);
    streams[1]!.emit('data', 'b');
    expect(leases[1]!.live).toBe(true);
    await consumer.close();
    expect(leases[1]!.live).toBe(false);
  });

  it('keeps trying while the broker is unreachable, reporting each failed attempt', async () => {
    const { consumer, streams, errors } = harness(3);
    await consumer.start();
    streams[0]!.emit('close');
    await until(() => streams.length === 2);
    expect(errors).toEqual(['resubscribe: broker unreachable', 'resubscribe: broker unreachable', 'resubscribe: broker unreachable']);
    expect(consumer.reopened).toBe(1);
  });

  it('keeps a paused subscription paused on the new stream, and resumes it there', async () => {
    const { consumer, streams } = harness();
    await consumer.start();
    consumer.pause();
    streams[0]!.emit('close');
    await until(() => streams.length === 2);
    expect(streams[1]!.paused).toBe(true);
    consumer.resume();
    expect(streams[1]!.paused).toBe(false);
  });

  it('does not reopen once closed, and closes its consumer', async () => {
    const { consumer, streams, closed } = harness();
    await consumer.start();
    await consumer.close();
    expect(closed).toEqual([streams[0]]);
    streams[0]!.emit('close');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(streams).toHaveLength(1);
  });

  it('closing while it reopens leaves no consumer open', async () => {
    const { consumer, streams, closed } = harness(1_000_000);
    await consumer.start();
    streams[0]!.emit('close');
    await consumer.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(streams).toHaveLength(1);
    expect(closed).toEqual([streams[0]]);
  });
});
