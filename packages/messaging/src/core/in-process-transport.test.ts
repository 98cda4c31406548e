import { describe, expect, it } from 'vitest';
import { buildEnvelope, type TransportMessage } from './envelope.ts';
import { InProcessTransport } from './in-process-transport.ts';
import type { Subscription } from './transport.ts';

const cause = { source: 'test', correlationId: 'c-1', causationId: null };
const message = (topic: string, subject: string, n: number): TransportMessage => buildEnvelope({ topic, type: 'Numbered', subject, data: { n } }, cause);
const fast = { maxAttempts: 3, initialBackoffMs: 1, maxBackoffMs: 2 };

function recorder(group: string, topics: string[], behaviour: (m: TransportMessage) => Promise<void> = async () => {}) {
  const seen: TransportMessage[] = [];
  const dead: { message: TransportMessage; reason: string }[] = [];
  const subscription: Subscription = {
    group,
    topics,
    async handle(m) {
      await behaviour(m);
      seen.push(m);
    },
    async deadLetter(m, reason) {
      dead.push({ message: m, reason });
    },
  };
  return { subscription, seen, dead };
}

describe('InProcessTransport', () => {
  it('delivers every message to each consumer group once', async () => {
    const transport = new InProcessTransport(fast);
    const a = recorder('a', ['t']);
    const b = recorder('b', ['t']);
    await transport.subscribe(a.subscription);
    await transport.subscribe(b.subscription);
    await transport.publish([message('t', 'k', 1), message('other', 'k', 2)]);
    expect(a.seen.map((m) => m.envelope.data)).toEqual([{ n: 1 }]);
    expect(b.seen.map((m) => m.envelope.data)).toEqual([{ n: 1 }]);
  });

  it('keeps the order of messages with the same key even when the first is slow', async () => {
    const transport = new InProcessTransport(fast);
    const order: number[] = [];
    const r = recorder('g', ['t'], async (m) => {
      const n = (m.envelope.data as { n: number }).n;
      if (n === 1) await new Promise((resolve) => setTimeout(resolve, 20));
      order.push(n);
    });
    await transport.subscribe(r.subscription);
    await Promise.all([transport.publish([message('t', 'same', 1)]), transport.publish([message('t', 'same', 2)])]);
    expect(order).toEqual([1, 2]);
  });

  it('lets different keys overtake a slow one', async () => {
    const transport = new InProcessTransport(fast);
    const order: string[] = [];
    const r = recorder('g', ['t'], async (m) => {
      if (m.key === 'slow') await new Promise((resolve) => setTimeout(resolve, 20));
      order.push(m.key);
    });
    await transport.subscribe(r.subscription);
    await transport.publish([message('t', 'slow', 1), message('t', 'fast', 2)]);
    expect(order).toEqual(['fast', 'slow']);
  });

  it('redelivers a failing message and resolves publish only once it was applied', async () => {
    const transport = new InProcessTransport(fast);
    let attempts = 0;
    const r = recorder('g', ['t'], async () => {
      attempts++;
      if (attempts < 3) throw new Error('transient');
    });
    await transport.subscribe(r.subscription);
    await transport.publish([message('t', 'k', 1)]);
    expect(attempts).toBe(3);
    expect(r.seen).toHaveLength(1);
    expect(r.dead).toHaveLength(0);
  });

  it('dead-letters a message that keeps failing, with the reason, and moves on', async () => {
    const transport = new InProcessTransport(fast);
    const r = recorder('g', ['t'], async (m) => {
      if ((m.envelope.data as { n: number }).n === 1) throw new Error('poison');
    });
    await transport.subscribe(r.subscription);
    await transport.publish([message('t', 'k', 1), message('t', 'k', 2)]);
    expect(r.dead).toEqual([expect.objectContaining({ reason: 'poison' })]);
    expect(r.seen.map((m) => m.envelope.data)).toEqual([{ n: 2 }]);
  });

  it('holds publications until opened when started paused', async () => {
    const transport = new InProcessTransport(fast, { startPaused: true });
    const r = recorder('g', ['t']);
    const published = transport.publish([message('t', 'k', 1)]);
    await transport.subscribe(r.subscription);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(r.seen).toHaveLength(0);
    transport.open();
    await published;
    expect(r.seen).toHaveLength(1);
  });

  it('refuses a second subscription of one group to the same topic', async () => {
    const transport = new InProcessTransport(fast);
    await transport.subscribe(recorder('g', ['t']).subscription);
    await expect(transport.subscribe(recorder('g', ['t']).subscription)).rejects.toThrow(/already subscribed/);
  });

  describe('a group that applies batches', () => {
    function batcher(failBatch: boolean, failOne?: number) {
      const r = recorder('g', ['t'], async (m) => {
        if ((m.envelope.data as { n: number }).n === failOne) throw new Error(`cannot apply ${failOne}`);
      });
      const batches: number[][] = [];
      r.subscription.handleBatch = async (messages) => {
        batches.push(messages.map((m) => (m.envelope.data as { n: number }).n));
        if (failBatch) throw new Error('the batch failed');
        for (const m of messages) r.seen.push(m);
      };
      return { ...r, batches };
    }
    const numbers = (messages: TransportMessage[]) => messages.map((m) => (m.envelope.data as { n: number }).n);

    it('gets its share of one publish as one batch, in order, and a later message of a key waits for that batch', async () => {
      const transport = new InProcessTransport(fast);
      const r = batcher(false);
      await transport.subscribe(r.subscription);
      await Promise.all([
        transport.publish([message('t', 'a', 1), message('elsewhere', 'a', 2), message('t', 'b', 3), message('t', 'a', 4)]),
        transport.publish([message('t', 'a', 5)]),
      ]);
      expect(r.batches).toEqual([[1, 3, 4]]);
      expect(numbers(r.seen)).toEqual([1, 3, 4, 5]);
    });

    it('falls back to one message at a time when the batch fails: the good ones applied in order, the bad one dead-lettered', async () => {
      const transport = new InProcessTransport(fast);
      const r = batcher(true, 2);
      await transport.subscribe(r.subscription);
      await transport.publish([message('t', 'a', 1), message('t', 'a', 2), message('t', 'a', 3)]);
      expect(r.batches).toEqual([[1, 2, 3]]);
      expect(numbers(r.seen)).toEqual([1, 3]);
      expect(r.dead.map((d) => [(d.message.envelope.data as { n: number }).n, d.reason])).toEqual([[2, 'cannot apply 2']]);
    });
  });
});
