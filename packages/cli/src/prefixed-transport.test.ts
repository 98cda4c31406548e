import { describe, expect, it } from 'vitest';
import { buildEnvelope, InProcessTransport, type TransportMessage } from '@tramita/messaging';
import { withTopicPrefix } from './prefixed-transport.ts';

const message = (topic: string): TransportMessage =>
  buildEnvelope({ topic, type: 'Ping', subject: 'k1', data: {} }, { source: 'test', correlationId: 'c', causationId: null });

describe('withTopicPrefix', () => {
  it('publishes and subscribes under the prefix while services keep the plain topic names', async () => {
    const inner = new InProcessTransport();
    const prefixed = withTopicPrefix(inner, 'run1.');
    const seenByService: string[] = [];
    const seenOnTheWire: string[] = [];
    await prefixed.subscribe({ group: 'bpm', topics: ['bpm.commands'], handle: async (m) => void seenByService.push(m.topic), deadLetter: async () => {} });
    await inner.subscribe({
      group: 'spy',
      topics: ['run1.bpm.commands', 'bpm.commands'],
      handle: async (m) => void seenOnTheWire.push(m.topic),
      deadLetter: async () => {},
    });

    await prefixed.publish([message('bpm.commands')]);
    await inner.publish([message('bpm.commands')]); // another system on the same cluster

    expect(seenByService).toEqual(['bpm.commands']);
    expect(seenOnTheWire.sort()).toEqual(['bpm.commands', 'run1.bpm.commands']);
    await prefixed.close();
  });

  it('returns the transport itself when the prefix is empty', () => {
    const inner = new InProcessTransport();
    expect(withTopicPrefix(inner, '')).toBe(inner);
  });

  it("passes the inner transport's consumer backlog through, with the real topic names, and has none when the inner has none", async () => {
    const rows = [{ group: 'run1.index', topic: 'run1.files.events', partition: 0, committed: 3, end: 5, lag: 2 }];
    const inner = Object.assign(new InProcessTransport(), { backlog: async () => rows });
    const prefixed = withTopicPrefix(inner, 'run1.');
    expect(await prefixed.backlog?.()).toEqual(rows);
    expect('backlog' in withTopicPrefix(new InProcessTransport(), 'run1.')).toBe(false);
  });
});
