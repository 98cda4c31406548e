import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import type { Load } from './use-load.ts';

interface Props {
  /** What the last action did, announced politely (kept in the page, hidden while empty). */
  notice: string;
  /** The last action's failure, if any (a removal, a toggle). */
  failure: unknown;
  /** The list being shown: loading, failed (with a retry) or ready. */
  list: Load<unknown>;
  /** Whether the ready list holds nothing, and what to say then. */
  empty: boolean;
  emptyText: string;
  onRetry: () => void;
  /** How this feature puts a problem in words. */
  Problem: ComponentType<{ error: unknown }>;
}

/** The status lines above a section's table: the last action's notice or failure, loading, a failed load with its retry, an empty list. */
export function ListFeedback({ notice, failure, list, empty, emptyText, onRetry, Problem }: Props) {
  const { t } = useTranslation();
  return (
    <>
      <p role="status" className={notice ? 'alert alert-success' : 'visually-hidden'}>
        {notice}
      </p>
      {failure ? <Problem error={failure} /> : null}
      {list.state === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
      {list.state === 'error' ? (
        <>
          <Problem error={list.error} />
          <button type="button" className="button button-small" onClick={onRetry}>
            {t('common.retry')}
          </button>
        </>
      ) : null}
      {list.state === 'ready' && empty ? <p className="empty">{emptyText}</p> : null}
    </>
  );
}
