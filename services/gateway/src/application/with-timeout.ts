import type { Fetched } from './file-detail-sources.ts';

/** Runs `call` with its own abort signal, answering `upstream-timeout` when it takes too long. */
export async function withTimeout<T>(call: (signal: AbortSignal) => Promise<Fetched<T>>, timeoutMs: number, parent?: AbortSignal): Promise<Fetched<T>> {
  const controller = new AbortController();
  const onParentAbort = () => controller.abort();
  parent?.addEventListener('abort', onParentAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<Fetched<T>>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ ok: false, status: null, code: 'upstream-timeout', detail: `No answer within ${timeoutMs} ms.` });
    }, timeoutMs);
  });
  const answered = call(controller.signal).catch((error: unknown): Fetched<T> => ({
    ok: false,
    status: null,
    code: controller.signal.aborted ? 'upstream-timeout' : 'upstream-unavailable',
    detail: error instanceof Error ? error.message : 'The service could not be reached.',
  }));
  try {
    return await Promise.race([answered, timedOut]);
  } finally {
    clearTimeout(timer);
    parent?.removeEventListener('abort', onParentAbort);
  }
}
