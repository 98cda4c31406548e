import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { SagaState } from './saga.ts';
import { SagaNotifier } from './saga-notifier.ts';
import { clientStatusOf, SagaStatusStreams, streamSagaStatus, type SagaStatusPresenter } from './saga-status-stream.ts';

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second));
const state = (status: SagaState<unknown>['status'], second: number): SagaState<unknown> => ({
  id: 's-1',
  type: 'demo',
  subject: 'X-1',
  status,
  step: 0,
  data: {},
  reason: null,
  correlationId: 'c',
  createdAt: at(0),
  updatedAt: at(second),
  deadlineAt: at(60),
});
const presenter: SagaStatusPresenter<{ status: string; updatedAt: string }> = {
  present: (s) => ({ status: clientStatusOf(s.status), updatedAt: s.updatedAt.toISOString() }),
  isFinal: (view) => view.status !== 'running',
  updatedAt: (view) => view.updatedAt,
};

describe('the saga status stream', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  async function open(notifier: SagaNotifier, streams: SagaStatusStreams, stored: () => SagaState<unknown>) {
    server = createServer((_request, response) =>
      streamSagaStatus(
        response,
        presenter.present(state('running', 1)),
        's-1',
        { presenter, notifier, find: async () => stored(), pollMs: 20, heartbeatMs: 10_000, onPollError: () => undefined },
        streams,
      ),
    );
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  }

  it('sends the first status, each newer change once (never an older one), and ends after a final status', async () => {
    const notifier = new SagaNotifier();
    const response = await open(notifier, new SagaStatusStreams(), () => state('running', 1));
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    notifier.changed(state('compensating', 3));
    notifier.changed(state('running', 2)); // crossed with a poll: older, left out
    notifier.changed(state('compensated', 4));
    const events = (await response.text()).split('\n\n').filter((block) => block.startsWith('event: status'));
    expect(events.map((block) => JSON.parse(block.split('data: ')[1]!) as { status: string })).toEqual([
      { status: 'running', updatedAt: at(1).toISOString() },
      { status: 'running', updatedAt: at(3).toISOString() },
      { status: 'compensated', updatedAt: at(4).toISOString() },
    ]);
  });

  it('hears changes made by another replica through its poll', async () => {
    let stored = state('running', 1);
    const response = await open(new SagaNotifier(), new SagaStatusStreams(), () => stored);
    stored = state('completed', 5);
    expect(await response.text()).toContain('"status":"completed"');
  });

  it('ends every open stream when the service stops', async () => {
    const streams = new SagaStatusStreams();
    const response = await open(new SagaNotifier(), streams, () => state('running', 1));
    streams.closeAll();
    expect(await response.text()).toContain('"status":"running"');
  });

  it('holds back changes made inside a transaction until it commits', async () => {
    const notifier = new SagaNotifier();
    const heard: string[] = [];
    notifier.subscribe('s-1', (s) => heard.push(s.status));
    await notifier.afterCommit(async () => {
      notifier.changed(state('completed', 2));
      expect(heard).toEqual([]);
    });
    expect(heard).toEqual(['completed']);
  });
});
