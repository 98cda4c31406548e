import type { InteresadoHistoryResource } from '@tramita/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../api/context.tsx';
import { useLoad } from '../api/use-load.ts';
import { formatDateTime } from '../format/format.ts';
import { changedFields } from './interesados.ts';
import { ProblemAlert } from './ProblemAlert.tsx';

/** Every change to the expediente's interesados, read only when opened (a personal-data read the server audits). */
export function InteresadoHistory({ code, revision }: { code: string; revision: number }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <details className="disclosure" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{t('interesados.history.title')}</summary>
      {open ? <HistoryTable code={code} revision={revision} /> : null}
    </details>
  );
}

function HistoryTable({ code, revision }: { code: string; revision: number }) {
  const { t } = useTranslation();
  const { api } = useServices();
  const path = `/api/files/${encodeURIComponent(code)}/interesados/history`;
  const [history, reload] = useLoad<InteresadoHistoryResource>(`${path}#${revision}`, (signal) => api.get<InteresadoHistoryResource>(path, signal));

  if (history.state === 'loading') return <p role="status">{t('common.loading')}</p>;
  if (history.state === 'error') {
    return (
      <>
        <ProblemAlert error={history.error} />
        <button type="button" className="button button-small" onClick={reload}>
          {t('common.retry')}
        </button>
      </>
    );
  }
  if (history.data.items.length === 0) return <p className="empty">{t('interesados.history.none')}</p>;
  // Newest first: the latest change is what a case worker looks for.
  const entries = [...history.data.items].reverse();
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{t('interesados.history.caption', { code })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('interesados.history.at')}</th>
            <th scope="col">{t('interesados.history.by')}</th>
            <th scope="col">{t('interesados.history.change')}</th>
            <th scope="col">{t('interesados.history.who')}</th>
            <th scope="col">{t('interesados.history.fields')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry, index) => {
            const subject = entry.after ?? entry.before;
            const fields = changedFields(entry);
            return (
              <tr key={`${entry.interesadoId}-${entry.at}-${index}`}>
                <td className="nowrap">{formatDateTime(entry.at)}</td>
                <td>{entry.by.displayName}</td>
                <td>{t(`interesados.history.changes.${entry.change}`)}</td>
                <td>
                  {subject?.name}
                  <br />
                  <span className="muted">{subject?.document}</span>
                </td>
                <td>{fields.map((field) => t(`interesados.fields.${field}`)).join(', ')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
