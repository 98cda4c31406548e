import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import type { NoticeListResource } from '@tramita/contracts';
import { useServices } from '../api/context.tsx';

/**
 * Tells whoever shows the unread-notices count that it changed (a notice was marked read), so the
 * main navigation reads it again. Outside the navigation's layout nobody listens and it does nothing.
 */
export const NoticesChangedContext = createContext<() => void>(() => {});

export const useNoticesChanged = () => useContext(NoticesChangedContext);

/**
 * How many notices the user has not read (`GET /api/notices` → `unread`), read again whenever
 * `key` changes (the page) and on `refresh()`. Null until known, and when bpm cannot say: the
 * navigation then shows no count rather than a wrong one.
 */
export function useUnreadNotices(key: string): [number | null, () => void] {
  const { api } = useServices();
  const [unread, setUnread] = useState<number | null>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    api.get<NoticeListResource>('/api/notices', controller.signal).then(
      (list) => !controller.signal.aborted && setUnread(list.unread),
      () => !controller.signal.aborted && setUnread(null),
    );
    return () => controller.abort();
  }, [api, key, round]);
  const refresh = useCallback(() => setRound((r) => r + 1), []);
  return [unread, refresh];
}
