import { useRef, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { NoticeListResource, NoticeResource } from '@tramita/contracts';
import { useServices } from '../api/context.tsx';
import { ListFeedback } from '../api/ListFeedback.tsx';
import { useLoad } from '../api/use-load.ts';
import { formatDateTime } from '../format/format.ts';
import { PlazoProblem } from './PlazoProblem.tsx';
import { useNoticesChanged } from './unread-notices.ts';

/** Unread first, then the newest: what still needs reading comes to the top. */
export function sortNotices(items: readonly NoticeResource[]): NoticeResource[] {
  return [...items].sort((a, b) => Number(a.readAt !== null) - Number(b.readAt !== null) || b.createdAt.localeCompare(a.createdAt));
}

/**
 * "Avisos": what bpm tells the responsible users of their expedientes — a plazo that expired
 * with its legal outcome, a communicated date that moved after a calendar change (art. 21.4).
 */
export function NoticesPanel() {
  const { t } = useTranslation();
  const { api } = useServices();
  const heading = useRef<HTMLHeadingElement>(null);
  const [list, reload] = useLoad<NoticeListResource>('/api/notices', (signal) => api.get<NoticeListResource>('/api/notices', signal));
  const [notice, setNotice] = useState('');
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const noticesChanged = useNoticesChanged();
  const data = list.state === 'ready' ? list.data : undefined;

  const markRead = async (item: NoticeResource) => {
    setBusy(item.noticeId);
    setNotice('');
    setFailure(null);
    try {
      await api.json('POST', `/api/notices/${encodeURIComponent(item.noticeId)}/read`);
      setNotice(subjectOf(item, t).marked);
      // The count in the main navigation follows.
      noticesChanged();
      // Its button is gone: the focus stays in the panel.
      heading.current?.focus();
    } catch (error) {
      setFailure(error);
    }
    setBusy(null);
    reload();
  };

  return (
    <section className="card" aria-labelledby="notices-heading">
      <h2 id="notices-heading" tabIndex={-1} ref={heading}>
        {t('notices.title')}
        {data && data.unread > 0 ? <span className="badge badge-warning">{t('notices.unread', { count: data.unread })}</span> : null}
      </h2>
      <ListFeedback
        notice={notice}
        failure={failure}
        list={list}
        empty={data?.items.length === 0}
        emptyText={t('notices.empty')}
        onRetry={reload}
        Problem={PlazoProblem}
      />
      {data && data.items.length > 0 ? (
        <ul className="notices">
          {sortNotices(data.items).map((item) => {
            const subject = subjectOf(item, t);
            return (
              <li key={item.noticeId} className={item.readAt === null ? 'notice notice-unread' : 'notice'}>
                <p>
                  <span className="badge">{t(item.readAt === null ? 'notices.new' : 'notices.read')}</span> <strong>{t(`notices.kinds.${item.kind}`)}</strong> ·{' '}
                  <Link to={subject.to}>{subject.label}</Link> · <span className="muted">{formatDateTime(item.createdAt)}</span>
                </p>
                <p>{item.message}</p>
                {item.readAt === null ? (
                  <button
                    type="button"
                    className="button button-small"
                    disabled={busy === item.noticeId}
                    aria-label={subject.markRead}
                    onClick={() => void markRead(item)}
                  >
                    {t('notices.markRead')}
                  </button>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}

/**
 * What a notice is about, in words and as a link: an expediente, or — with no file code — the
 * organism, whose notice (its calendar) leads to its calendar page.
 */
function subjectOf(item: NoticeResource, t: TFunction) {
  const kind = t(`notices.kinds.${item.kind}`);
  if (item.fileCode === null) {
    const code = item.organism;
    return {
      to: `/organismos/${encodeURIComponent(code)}/calendario`,
      label: t('notices.organismCalendar', { code }),
      markRead: t('notices.markReadOrganism', { code, kind }),
      marked: t('notices.markedOrganism', { code }),
    };
  }
  const code = item.fileCode;
  return {
    to: `/expedientes/${encodeURIComponent(code)}`,
    label: code,
    markRead: t('notices.markReadNamed', { code, kind }),
    marked: t('notices.marked', { code }),
  };
}
