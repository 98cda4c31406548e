import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { streamSagaStatus, type SagaNotifier, type SagaState, type SagaStatusStreams } from '@tramita/messaging';
import { principalOf, type HttpApp } from '@tramita/platform';
import { getSagaStatus, sagaStatusPresenter, type SagaStatusView } from '../../application/get-saga-status.ts';
import { sagaStatusSchema } from './schemas.ts';

export interface SagaRouteDeps {
  find: (id: string) => Promise<SagaState<unknown> | null>;
  notifier: SagaNotifier;
  /** Fallback poll of the database, for changes made by other replicas. */
  pollMs: number;
  heartbeatMs: number;
  /** The organism of sagas started before organisms existed (ADR 0013). */
  defaultOrganism: string;
}

const sagaParams = z.object({ id: z.string().min(1).max(64) });

export function registerSagaRoutes(app: HttpApp, deps: SagaRouteDeps, streams: SagaStatusStreams): void {
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
      const view = await getSagaStatus(deps.find, request.params.id, principalOf(request), deps.defaultOrganism);
      if (wantsStream(request)) return stream(request, reply, view, deps, streams);
      return view;
    },
  );

  app.get(
    '/api/sagas/:id/events',
    { schema: { tags: ['sagas'], summary: 'Server-sent events (event: status) until the saga ends', params: sagaParams } },
    async (request, reply) => {
      const view = await getSagaStatus(deps.find, request.params.id, principalOf(request), deps.defaultOrganism);
      return stream(request, reply, view, deps, streams);
    },
  );
}

/** Hands the request's connection to the orchestrator kit's status stream (packages/messaging). */
function stream(request: FastifyRequest, reply: FastifyReply, first: SagaStatusView, deps: SagaRouteDeps, streams: SagaStatusStreams): void {
  reply.hijack();
  streamSagaStatus(
    reply.raw,
    first,
    first.id,
    {
      presenter: sagaStatusPresenter,
      notifier: deps.notifier,
      find: deps.find,
      pollMs: deps.pollMs,
      heartbeatMs: deps.heartbeatMs,
      onPollError: (error) => request.log.warn({ err: error }, 'saga status poll failed'),
    },
    streams,
    reply.getHeaders() as Record<string, string>,
  );
}
