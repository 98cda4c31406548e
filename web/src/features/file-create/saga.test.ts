import { describe, expect, it } from 'vitest';
import { ApiClient } from '../api/client.ts';
import { SagaTimeoutError, SseParser, followSaga, type SagaView } from './saga.ts';

const view = (status: SagaView['status'], extra: object = {}) => ({ id: 's', status, fileCode: 'EXP', ...extra });

function apiAnswering(answers: (() => Response)[]) {
  return new ApiClient(
    { accessToken: async () => 't', refresh: async () => null },
    async () => (answers.shift() ?? (() => Response.json(view('running'))))(),
    () => {},
  );
}

describe('following a saga', () => {
  it('parses server-sent events split across chunks, skipping comments and other events', () => {
    const parser = new SseParser();
    expect(parser.push(': heartbeat\n\nevent: status\r\ndata: {"a"')).toEqual([]);
    expect(parser.push(':1}\n\nevent: other\ndata: x\n\ndata: 2\n\n')).toEqual(['{"a":1}', '2']);
  });

  it('streams the statuses until a final one', async () => {
    const updates: string[] = [];
    const stream = `event: status\ndata: ${JSON.stringify(view('running'))}\n\nevent: status\ndata: ${JSON.stringify(view('completed'))}\n\n`;
    const api = apiAnswering([() => new Response(stream, { headers: { 'content-type': 'text/event-stream' } })]);
    const end = await followSaga(api, '/api/sagas/s', { signal: new AbortController().signal, onUpdate: (v) => updates.push(v.status) });
    expect(end.status).toBe('completed');
    expect(updates).toEqual(['running', 'completed']);
  });

  it('polls when the stream is not available, until the saga ends', async () => {
    const api = apiAnswering([
      () => Response.json(view('running')),
      () => Response.json(view('running')),
      () => Response.json(view('compensated', { reason: 'sin espacio' })),
    ]);
    const end = await followSaga(api, '/api/sagas/s', { signal: new AbortController().signal, onUpdate: () => {}, sleep: async () => {} });
    expect(end).toMatchObject({ status: 'compensated', reason: 'sin espacio' });
  });

  it('falls back to polling when the stream breaks, and gives up with a clear error after the time limit', async () => {
    const api = apiAnswering([() => new Response(null, { status: 502 })]);
    await expect(
      followSaga(api, '/api/sagas/s', { signal: new AbortController().signal, onUpdate: () => {}, timeoutMs: 30, pollMs: 10 }),
    ).rejects.toBeInstanceOf(SagaTimeoutError);
  });
});
