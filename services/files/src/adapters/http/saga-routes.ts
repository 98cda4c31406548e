import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SagaState } from '@tramita/messaging';
import type { HttpApp } from '@tramita/platform';
import { getSagaStatus, isFinalView, toSagaStatusView, type SagaStatusView } from '../../application/get-saga-status.ts';
import type { SagaNotifier } from '../messaging/saga-notifier.ts';
import { sagaStatusSchema } from './schemas.ts';

export interface SagaRouteDeps {
  find: (id: string) => Promise<SagaState<unknown> | null>;
  notifier: SagaNotifier;
  /** Fallback poll of the database, for changes made by other replicas. */
  pollMs: number;
  heartbeatMs: number;
}

const sagaParams = z.object({ id: z.string().min(1).max(64) });

/** Open event streams, so that stopping the service ends them instead of waiting for clients. */
export class SagaStreams {
  readonly #open = new Set<() => void>();

  add(close: () => void): () => void {
    this.#open.add(close);
    return () => this.#open.delete(close);
  }

  closeAll(): void {
    for (const close of [...this.#open]) close();
  }
}

export function registerSagaRoutes(app: HttpApp, deps: SagaRouteDeps, streams: SagaStreams): void {
  const wantsStream = (request: FastifyRequest) => (request.headers.accept ?? '').includes('text/event-stream');

  app.get(
    '/api/sagas/:id',
    {
      schema: {
        tags: ['sagas'],
        summary: 'Status of a create-expediente saga; with Accept: text/event-stream, a stream of its changes',
        params: sagaParams,
        response: { 200: sagaStatusSchema },
      },
    },
    async (request, reply) => {
      const view = await getSagaStatus(deps.find, request.params.id);
      if (wantsStream(request)) return stream(request, reply, view, deps, streams);
      return view;
    },
  );

  app.get(
    '/api/sagas/:id/events',
    { schema: { tags: ['sagas'], summary: 'Server-sent events (event: status) until the saga ends', params: sagaParams } },
    async (request, reply) => {
      const view = await getSagaStatus(deps.find, request.params.id);
      return stream(request, reply, view, deps, streams);
    },
  );
}

/**
 * Streams `event: status` on each change, starting with the current one, and ends after a final
 * status. Changes come from the in-process notifier; the poll covers other replicas.
 */
function stream(request: FastifyRequest, reply: FastifyReply, first: SagaStatusView, deps: SagaRouteDeps, streams: SagaStreams): void {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    ...(reply.getHeaders() as Record<string, string>),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });

  let last: SagaStatusView | undefined;
  let ended = false;
  const send = (view: SagaStatusView) => {
    if (ended) return;
    // Notifications and polls can cross: never go back to an older state, never repeat one.
    if (last && (view.updatedAt < last.updatedAt || JSON.stringify(view) === JSON.stringify(last))) return;
    last = view;
    raw.write(`event: status\ndata: ${JSON.stringify(view)}\n\n`);
    if (isFinalView(view)) end();
  };
  const unsubscribe = deps.notifier.subscribe(first.id, (state) => send(toSagaStatusView(state)));
  const poll = setInterval(() => {
    deps
      .find(first.id)
      .then((state) => state && send(toSagaStatusView(state)))
      .catch((error: unknown) => request.log.warn({ err: error }, 'saga status poll failed'));
  }, deps.pollMs);
  const heartbeat = setInterval(() => !ended && raw.write(': heartbeat\n\n'), deps.heartbeatMs);
  const forget = streams.add(() => end());

  function end() {
    if (ended) return;
    ended = true;
    unsubscribe();
    clearInterval(poll);
    clearInterval(heartbeat);
    forget();
    raw.end();
  }
  raw.on('close', end);
  send(first);
}
