import type { ServerResponse } from 'node:http';
import type { SagaState } from './saga.ts';
import type { SagaNotifier } from './saga-notifier.ts';

/** How a saga's state is shown to a client (each orchestrator names its own resource, e.g. files' sagaStatusSchema). */
export interface SagaStatusPresenter<V> {
  present(state: SagaState<unknown>): V;
  /** True once the saga will change no more: the stream ends after sending it. */
  isFinal(view: V): boolean;
  /** ISO-8601 instant of the view's last change: a stream never goes back to an older one. */
  updatedAt(view: V): string;
}

/** 'compensating' is still work in progress for a client: the status views read 'running'. */
export const clientStatusOf = (status: SagaState<unknown>['status']) => (status === 'compensating' ? 'running' : status);

export interface SagaStatusStreamOptions<V> {
  presenter: SagaStatusPresenter<V>;
  notifier: SagaNotifier;
  /** Reads the saga again, for changes made by other replicas (which the in-process notifier cannot hear). */
  find: (id: string) => Promise<SagaState<unknown> | null>;
  pollMs: number;
  heartbeatMs: number;
  onPollError: (error: unknown) => void;
}

/** Open status streams, so that stopping the service ends them instead of waiting for clients. */
export class SagaStatusStreams {
  readonly #open = new Set<() => void>();

  add(close: () => void): () => void {
    this.#open.add(close);
    return () => this.#open.delete(close);
  }

  closeAll(): void {
    for (const close of [...this.#open]) close();
  }
}

/**
 * Streams a saga's status as server-sent events (`event: status`) on `raw`, starting with `first`
 * and ending after a final status or when the client leaves. Changes come from the in-process
 * notifier; a poll covers other replicas; a comment line keeps proxies from closing an idle
 * stream. `raw` must have its status and headers still unsent.
 */
export function streamSagaStatus<V>(
  raw: ServerResponse,
  first: V,
  sagaId: string,
  options: SagaStatusStreamOptions<V>,
  streams: SagaStatusStreams,
  headers: Record<string, string> = {},
): void {
  raw.writeHead(200, {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  const { presenter } = options;
  let last: V | undefined;
  let ended = false;
  const send = (view: V) => {
    if (ended) return;
    // Notifications and polls can cross: never go back to an older state, never repeat one.
    if (last !== undefined && (presenter.updatedAt(view) < presenter.updatedAt(last) || JSON.stringify(view) === JSON.stringify(last))) return;
    last = view;
    raw.write(`event: status\ndata: ${JSON.stringify(view)}\n\n`);
    if (presenter.isFinal(view)) end();
  };
  const unsubscribe = options.notifier.subscribe(sagaId, (state) => send(presenter.present(state)));
  const poll = setInterval(() => {
    options
      .find(sagaId)
      .then((state) => state && send(presenter.present(state)))
      .catch(options.onPollError);
  }, options.pollMs);
  const heartbeat = setInterval(() => !ended && raw.write(': heartbeat\n\n'), options.heartbeatMs);
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
