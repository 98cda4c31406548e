import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { AuditEntryResource, FileAuditTrailResource } from '@tramita/contracts';
import { useServices } from '../api/context.tsx';
import { ErrorMessage } from '../api/ErrorMessage.tsx';
import { useLoad } from '../api/use-load.ts';
import { saveBlob } from '../file-detail/detail.ts';
import { formatDateTime } from '../format/format.ts';

/** The services whose chains hold an expediente's entries; each exports its own, verifiable with `tramita audit verify`. */
const EXPORTABLE = ['files', 'bpm', 'docs'] as const;

const actorName = (actor: AuditEntryResource['actor']) => ('system' in actor ? actor.system : `${actor.displayName} (${actor.username})`);

/** An expediente's audit trail (ADR 0014): who did or read what, when, from where, with what outcome; and the exports. */
export function FileAuditPage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const { api } = useServices();
  const path = `/api/files/${encodeURIComponent(code)}/audit`;
  const [result, reload] = useLoad<FileAuditTrailResource>(path, (signal) => api.get<FileAuditTrailResource>(path, signal));
  const [exporting, setExporting] = useState<{ service: string; error?: unknown } | null>(null);

  const exportChain = async (service: string) => {
    setExporting({ service });
    try {
      const response = await api.send('GET', `/api/admin/${service}/audit/export?fileCode=${encodeURIComponent(code)}`, {
        headers: { accept: 'application/x-ndjson' },
      });
      saveBlob(await response.blob(), `audit-${service}-${code}.jsonl`);
      setExporting(null);
    } catch (error) {
      setExporting({ service, error });
    }
  };

  const trail = result.state === 'ready' ? result.data : null;
  return (
    <>
      <div className="page-head">
        <h1 tabIndex={-1}>{t('audit.title', { code })}</h1>
        <Link className="button" to={`/expedientes/${encodeURIComponent(code)}`}>
          {t('audit.back')}
        </Link>
      </div>
      <section className="card" aria-labelledby="audit-heading">
        <h2 id="audit-heading">{t('audit.entries')}</h2>
        <p className="hint section-hint">{t('audit.explain')}</p>
        {result.state === 'loading' ? <p role="status">{t('audit.loading')}</p> : null}
        {result.state === 'error' ? (
          <>
            <ErrorMessage error={result.error} />
            <button type="button" className="button" onClick={reload}>
              {t('audit.retry')}
            </button>
          </>
        ) : null}
        {trail?.sources
          .filter((source) => !source.available)
          .map((source) => (
            <p key={source.service} className="alert alert-warning" role="status">
              {t('audit.sourceMissing', { service: source.service })}
            </p>
          ))}
        {trail && trail.items.length === 0 ? <p className="empty">{t('audit.empty')}</p> : null}
        {trail && trail.items.length > 0 ? (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">{t('audit.caption', { code })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('audit.at')}</th>
                  <th scope="col">{t('audit.actor')}</th>
                  <th scope="col">{t('audit.action')}</th>
                  <th scope="col">{t('audit.outcome')}</th>
                  <th scope="col">{t('audit.source')}</th>
                  <th scope="col">{t('audit.service')}</th>
                </tr>
              </thead>
              <tbody>
                {trail.items.map((entry) => (
                  <tr key={`${entry.service}-${entry.seq}`}>
                    <td className="nowrap">{formatDateTime(entry.at)}</td>
                    <td>{actorName(entry.actor)}</td>
                    <td>
                      <code>{entry.action}</code>
                    </td>
                    <td>
                      <span className={entry.outcome === 'success' ? 'badge' : 'badge badge-warning'}>{t(`audit.outcomes.${entry.outcome}`)}</span>
                    </td>
                    <td>{entry.sourceAddress ?? '—'}</td>
                    <td>
                      {entry.service} #{entry.seq}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
      <section className="card" aria-labelledby="audit-export-heading">
        <h2 id="audit-export-heading">{t('audit.export')}</h2>
        <p className="hint section-hint">{t('audit.exportExplain')}</p>
        {exporting?.error ? <ErrorMessage error={exporting.error} /> : null}
        <div className="actions">
          {EXPORTABLE.map((service) => (
            <button
              key={service}
              type="button"
              className="button"
              disabled={exporting?.service === service && !exporting.error}
              onClick={() => void exportChain(service)}
            >
              {t('audit.exportService', { service })}
            </button>
          ))}
        </div>
      </section>
    </>
  );
}
