import type { ApiClient } from '../api/client.ts';

import type { SagaStatusResource } from '@tramita/contracts';

/** How a creation is going, as files serves it (its contract). */
export type SagaView = SagaStatusResource;
export type SagaStatus = SagaStatusResource['status'];

export const isFinal = (view: SagaView) => view.status !== 'running';

/** Splits a server-sent event stream into its events' `data` (only `event: status` or unnamed ones). */
export class SseParser {
  #buffer = '';

  push(chunk: string): string[] {
    this.#buffer += chunk.replaceAll('\r\n', '\n');
    const out: string[] = [];
    let end = this.#buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        if (field === 'data') data.push(value);
      }
      if (data.length > 0 && (event === 'status' || event === 'message')) out.push(data.join('\n'));
      end = this.#buffer.indexOf('\n\n');
    }
    return out;
  }
}

export interface FollowOptions {
  signal: AbortSignal;
  onUpdate: (view: SagaView) => void;
  pollMs?: number;
  /** Give up waiting after this long (the saga keeps its own deadline; the user gets a clear message). */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Follows a saga until it ends: first as a stream (fetch, so the Authorization header can be
 * sent; EventSource cannot), then by polling if the stream breaks before the end.
 */
export async function followSaga(api: ApiClient, location: string, options: FollowOptions): Promise<SagaView> {
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  let last: SagaView | undefined;
  const update = (view: SagaView) => {
    last = view;
    options.onUpdate(view);
  };
  try {
    const response = await api.send('GET', location, { headers: { accept: 'text/event-stream' }, signal: options.signal });
    if (response.body && (response.headers.get('content-type') ?? '').includes('text/event-stream')) {
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      const parser = new SseParser();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        for (const data of parser.push(value)) {
          update(JSON.parse(data) as SagaView);
          if (last && isFinal(last)) {
            await reader.cancel().catch(() => {});
            return last;
          }
        }
      }
    } else if (response.ok) {
      update((await response.json()) as SagaView);
      if (last && isFinal(last)) return last;
    }
  } catch (error) {
    if (options.signal.aborted) throw error;
    // the stream failed (a proxy that buffers, a dropped connection): poll instead
  }
  const sleep = options.sleep ?? defaultSleep;
  while (Date.now() < deadline) {
    options.signal.throwIfAborted();
    const view = await api.get<SagaView>(location, options.signal);
    update(view);
    if (isFinal(view)) return view;
    await sleep(options.pollMs ?? 1000);
  }
  throw new SagaTimeoutError(last);
}

export class SagaTimeoutError extends Error {
  readonly last: SagaView | undefined;
  constructor(last: SagaView | undefined) {
    super('saga-timeout');
    this.name = 'SagaTimeoutError';
    this.last = last;
  }
}
