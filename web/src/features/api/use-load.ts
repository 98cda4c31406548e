import { useCallback, useEffect, useState } from 'react';

export type Load<T> = { state: 'loading' } | { state: 'ready'; data: T } | { state: 'error'; error: unknown };

/** Runs `load` whenever `key` changes (the previous call is aborted); `reload` runs it again. */
export function useLoad<T>(key: string, load: (signal: AbortSignal) => Promise<T>): [Load<T>, () => void, (data: T) => void] {
  const [result, setResult] = useState<Load<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setResult((previous) => (previous.state === 'ready' ? previous : { state: 'loading' }));
    load(controller.signal).then(
      (data) => !controller.signal.aborted && setResult({ state: 'ready', data }),
      (error: unknown) => !controller.signal.aborted && setResult({ state: 'error', error }),
    );
    return () => controller.abort();
    // `key` names everything `load` depends on
  }, [key, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  const set = useCallback((data: T) => setResult({ state: 'ready', data }), []);
  return [result, reload, set];
}
