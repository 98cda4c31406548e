import { describe, expect, it } from 'vitest';
import { DomainError, steppingClock } from '@tramita/kernel';
import { buildEnvelope, type Envelope, type OutgoingMessage } from './envelope.ts';
import { SagaEngine, sagaReply, type SagaDefinition } from './saga.ts';
import { InMemorySagaStore } from './saga-store.in-memory.ts';
import type { Outbox } from './outbox.ts';

interface Data {
  log: string[];
  resourceId?: string;
  failLocal?: boolean;
}

const cause = { source: 'orchestrator', correlationId: 'corr-1', causationId: null };

function scriptOutbox(): Outbox & { sent: Envelope[] } {
  const sent: Envelope[] = [];
  return { cause, sent, send: (m: OutgoingMessage) => void sent.push(buildEnvelope(m, cause).envelope) };
}

const definition: SagaDefinition<Data, unknown> = {
  type: 'demo',
  replyTopic: 'demo.replies',
  timeoutMs: 1_000,
  steps: [
    {
      kind: 'local',
      name: 'reserve',
      run: async (_trx, data) => ({ ...data, log: [...data.log, 'reserved'] }),
      compensate: async (_trx, data) => void data.log.push('unreserved'),
    },
    {
      kind: 'remote',
      name: 'create-resource',
      invoke: () => ({ topic: 'res.commands', type: 'CreateResource', subject: 'r-1', data: {} }),
      onSuccess: { ResourceCreated: (data, reply) => ({ ...data, resourceId: (reply as { id: string }).id }) },
      compensate: () => ({ topic: 'res.commands', type: 'DeleteResource', subject: 'r-1', data: {} }),
    },
    {
      kind: 'remote',
      name: 'notify',
      invoke: () => ({ topic: 'notify.commands', type: 'Notify', subject: 'n-1', data: {} }),
    },
    {
      kind: 'local',
      name: 'finish',
      run: async (_trx, data) => {
        if (data.failLocal) throw new DomainError('nope', 'conflict', 'finish refused');
        return { ...data, log: [...data.log, 'finished'] };
      },
    },
  ],
};

function reply(command: Envelope, outcome: 'success' | 'failure', type: string, data: unknown): Envelope {
  return buildEnvelope(sagaReply(command, outcome, type, data), { source: 'participant', correlationId: 'corr-1', causationId: command.id }).envelope;
}

function setup(start = new Date('2026-01-01T10:00:00Z')) {
  const store = new InMemorySagaStore();
  const engine = new SagaEngine(definition, store, { clock: steppingClock(start, 10) });
  return { store, engine };
}

describe('SagaEngine', () => {
  it('runs local steps at once and sends the first command with routing attributes', async () => {
    const { engine } = setup();
    const out = scriptOutbox();
    const state = await engine.start(null, out, { id: 's-1', subject: 'X', data: { log: [] } });
    expect(state.status).toBe('running');
    expect(state.data.log).toEqual(['reserved']);
    expect(out.sent).toHaveLength(1);
    expect(out.sent[0]).toMatchObject({
      type: 'CreateResource',
      sagaid: 's-1',
      sagastep: 'create-resource',
      sagadirection: 'forward',
      replyto: 'demo.replies',
    });
  });

  it('folds replies into the data and completes after the last step', async () => {
    const { engine } = setup();
    const out = scriptOutbox();
    await engine.start(null, out, { id: 's-1', subject: 'X', data: { log: [] } });
    await engine.onReply(null, out, reply(out.sent[0]!, 'success', 'ResourceCreated', { id: 'res-9' }));
    expect(out.sent[1]?.type).toBe('Notify');
    const done = await engine.onReply(null, out, reply(out.sent[1]!, 'success', 'Notified', {}));
    expect(done?.status).toBe('completed');
    expect(done?.data).toMatchObject({ resourceId: 'res-9', log: ['reserved', 'finished'] });
  });

  it('compensates only the steps before a participant that failed', async () => {
    const { engine } = setup();
    const out = scriptOutbox();
    await engine.start(null, out, { id: 's-1', subject: 'X', data: { log: [] } });
    const state = await engine.onReply(null, out, reply(out.sent[0]!, 'failure', 'ResourceCreationFailed', { reason: 'quota' }));
    expect(state?.status).toBe('compensated');
    expect(state?.reason).toBe('quota');
    expect(out.sent.map((m) => m.type)).toEqual(['CreateResource']);
  });

  it('sends compensations backwards and waits for their replies', async () => {
    const { engine } = setup();
    const out = scriptOutbox();
    await engine.start(null, out, { id: 's-1', subject: 'X', data: { log: [] } });
    await engine.onReply(null, out, reply(out.sent[0]!, 'success', 'ResourceCreated', { id: 'res-9' }));
    const compensating = await engine.onReply(null, out, reply(out.sent[1]!, 'failure', 'NotifyFailed', { reason: 'down' }));
    expect(compensating?.status).toBe('compensating');
    expect(out.sent[2]).toMatchObject({ type: 'DeleteResource', sagadirection: 'backward', sagastep: 'create-resource' });
    const done = await engine.onReply(null, out, reply(out.sent[2]!, 'success', 'ResourceDeleted', {}));
    expect(done?.status).toBe('compensated');
    expect(done?.data.log).toContain('unreserved');
  });

  it('compensates when a local step refuses', async () => {
    const { engine } = setup();
    const out = scriptOutbox();
    await engine.start(null, out, { id: 's-1', subject: 'X', data: { log: [], failLocal: true } });
    await engine.onReply(null, out, reply(out.sent[0]!, 'success', 'ResourceCreated', { id: 'r' }));
    const state = await engine.onReply(null, out, reply(out.sent[1]!, 'success', 'Notified', {}));
    expect(state).toMatchObject({ status: 'compensating', reason: 'finish refused' });
    expect(out.sent.at(-1)?.type).toBe('DeleteResource');
  });

  it('ignores duplicate and stale replies', async () => {
    const { engine } = setup();
    const out = scriptOutbox();
    await engine.start(null, out, { id: 's-1', subject: 'X', data: { log: [] } });
    const first = reply(out.sent[0]!, 'success', 'ResourceCreated', { id: 'a' });
    await engine.onReply(null, out, first);
    const again = await engine.onReply(null, out, first);
    expect(again?.step).toBe(2);
    expect(out.sent.filter((m) => m.type === 'Notify')).toHaveLength(1);
    expect(await engine.onReply(null, out, { ...first, sagaid: 'unknown' })).toBeNull();
  });

  it('marks the saga failed when a compensation fails', async () => {
    const { engine } = setup();
    const out = scriptOutbox();
    await engine.start(null, out, { id: 's-1', subject: 'X', data: { log: [] } });
    await engine.onReply(null, out, reply(out.sent[0]!, 'success', 'ResourceCreated', { id: 'a' }));
    await engine.onReply(null, out, reply(out.sent[1]!, 'failure', 'NotifyFailed', { reason: 'down' }));
    const state = await engine.onReply(null, out, reply(out.sent[2]!, 'failure', 'DeleteFailed', { reason: 'locked' }));
    expect(state?.status).toBe('failed');
    expect(state?.reason).toContain('locked');
  });

  it('compensates the in-doubt step too when no reply comes in time', async () => {
    const store = new InMemorySagaStore();
    const start = new Date('2026-01-01T10:00:00Z');
    let now = start.getTime();
    const engine = new SagaEngine(definition, store, { clock: { now: () => new Date(now) } });
    const out = scriptOutbox();
    await engine.start(null, out, { id: 's-1', subject: 'X', data: { log: [] } });
    expect(await engine.overdue(null)).toEqual([]);
    now += 5_000;
    expect(await engine.overdue(null)).toEqual(['s-1']);
    const state = await engine.expire(null, out, 's-1');
    expect(state?.status).toBe('compensating');
    expect(state?.reason).toMatch(/create-resource/);
    expect(out.sent.at(-1)).toMatchObject({ type: 'DeleteResource', sagadirection: 'backward' });
  });

  it('sends a compensation again when it gets no reply in time, and ends compensated once it is answered', async () => {
    const store = new InMemorySagaStore();
    let now = new Date('2026-01-01T10:00:00Z').getTime();
    const engine = new SagaEngine(definition, store, { clock: { now: () => new Date(now) } });
    const out = scriptOutbox();
    await engine.start(null, out, { id: 's-1', subject: 'X', data: { log: [] } });
    now += 5_000;
    await engine.expire(null, out, 's-1');
    const firstDelete = out.sent.at(-1)!;
    expect(firstDelete).toMatchObject({ type: 'DeleteResource', sagadirection: 'backward', sagastep: 'create-resource' });

    // Nobody answers (participant or broker down): the same compensation goes out again, the wait starts over.
    now += 5_000;
    expect(await engine.overdue(null)).toEqual(['s-1']);
    const retried = await engine.expire(null, out, 's-1');
    expect(retried?.status).toBe('compensating');
    expect(out.sent.at(-1)).toMatchObject({ type: 'DeleteResource', sagadirection: 'backward', sagastep: 'create-resource' });
    expect(out.sent.at(-1)!.id).not.toBe(firstDelete.id);
    expect(await engine.overdue(null)).toEqual([]);

    // The late answer to the first attempt completes the compensation; the answer to the second is stale.
    const done = await engine.onReply(null, out, reply(firstDelete, 'success', 'ResourceDeleted', {}));
    expect(done?.status).toBe('compensated');
    expect(done?.data.log).toEqual(['reserved', 'unreserved']);
    const stale = await engine.onReply(null, out, reply(out.sent.at(-1)!, 'success', 'ResourceDeleted', {}));
    expect(stale?.status).toBe('compensated');
  });

  it('builds replies only for saga commands', () => {
    const plain = buildEnvelope({ topic: 't', type: 'X', subject: 's', data: {} }, cause).envelope;
    expect(() => sagaReply(plain, 'success', 'Y', {})).toThrow(/not a saga command/);
  });
});
