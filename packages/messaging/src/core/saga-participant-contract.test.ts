import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildEnvelope, type Envelope, type OutgoingMessage } from './envelope.ts';
import type { Outbox } from './outbox.ts';
import { SagaEngine, sagaReply } from './saga.ts';
import { participantProxy, remoteStep, type ParticipantContract } from './saga-participant-contract.ts';
import { InMemorySagaStore } from './saga-store.in-memory.ts';

const commands = { Open: z.object({ ticket: z.string() }), Close: z.object({ ticket: z.string() }) };
const replies = {
  Opened: z.object({ ticket: z.string(), desk: z.number().int() }),
  OpenFailed: z.object({ reason: z.string() }),
  Closed: z.object({ ticket: z.string() }),
};
const helpdesk = {
  service: 'helpdesk',
  commandTopic: 'helpdesk.commands',
  commands,
  replies,
  subjectOf: { Open: (command) => command.ticket, Close: (command) => command.ticket },
  compensations: { Open: { undoneBy: 'Close', refusedWith: 'OpenFailed' } },
} satisfies ParticipantContract<typeof commands, typeof replies>;
const helpdeskProxy = participantProxy(helpdesk);

interface Data {
  ticket: string;
  desk: number | null;
}

const cause = { source: 'orchestrator', correlationId: 'c', causationId: null };
function scriptOutbox(): Outbox & { sent: Envelope[] } {
  const sent: Envelope[] = [];
  return { cause, sent, send: (message: OutgoingMessage) => void sent.push(buildEnvelope(message, cause).envelope) };
}

function setup() {
  const engine = new SagaEngine<Data, unknown>(
    {
      type: 'demo',
      replyTopic: 'demo.replies',
      timeoutMs: 1_000,
      steps: [
        remoteStep(helpdesk, {
          name: 'open-ticket',
          invoke: (data) => helpdeskProxy.Open({ ticket: data.ticket }),
          onSuccess: { Opened: (data, reply) => ({ ...data, desk: reply.desk }) },
          compensate: (data) => helpdeskProxy.Close({ ticket: data.ticket }),
        }),
      ],
    },
    new InMemorySagaStore(),
  );
  const outbox = scriptOutbox();
  const answer = (outcome: 'success' | 'failure', type: string, data: unknown) =>
    buildEnvelope(sagaReply(outbox.sent.at(-1)!, outcome, type, data), { source: 'helpdesk', correlationId: 'c', causationId: null }).envelope;
  return { engine, outbox, answer };
}

describe('a remote step built from a participant contract', () => {
  it('sends the command the proxy built and folds the typed reply', async () => {
    const { engine, outbox, answer } = setup();
    await engine.start({}, outbox, { id: 'saga-1', subject: 'T-1', data: { ticket: 'T-1', desk: null } });
    expect(outbox.sent[0]).toMatchObject({ type: 'Open', subject: 'T-1', data: { ticket: 'T-1' }, sagastep: 'open-ticket', replyto: 'demo.replies' });
    const done = await engine.onReply({}, outbox, answer('success', 'Opened', { ticket: 'T-1', desk: 4 }));
    expect(done).toMatchObject({ status: 'completed', data: { desk: 4 } });
  });

  it('refuses a reply the contract does not name, or one of the wrong shape, and stays where it was', async () => {
    const { engine, outbox, answer } = setup();
    await engine.start({}, outbox, { id: 'saga-1', subject: 'T-1', data: { ticket: 'T-1', desk: null } });
    await expect(engine.onReply({}, outbox, answer('success', 'Teleported', {}))).rejects.toThrow(/no reply Teleported/);
    await expect(engine.onReply({}, outbox, answer('success', 'Opened', { ticket: 'T-1', desk: 'four' }))).rejects.toThrow();
    expect(await engine.find('saga-1')).toMatchObject({ status: 'running', data: { desk: null } });
  });

  it('compensates with the proxy-built command when the participant fails', async () => {
    const { engine, outbox, answer } = setup();
    await engine.start({}, outbox, { id: 'saga-1', subject: 'T-1', data: { ticket: 'T-1', desk: null } });
    const failed = await engine.onReply({}, outbox, answer('failure', 'OpenFailed', { reason: 'Desk closed.' }));
    expect(failed).toMatchObject({ status: 'compensated', reason: 'Desk closed.' });
  });
});
