import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { loadInitialOptions, type CodeName } from '../api/catalogues.ts';
import { useServices } from '../api/context.tsx';
import { ErrorMessage } from '../api/ErrorMessage.tsx';
import { ProcessDiagramSection } from '../diagram/ProcessDiagramSection.tsx';
import { ApiError } from '../api/problem.ts';
import { useLoad } from '../api/use-load.ts';
import { FileDocuments } from '../documents/FileDocuments.tsx';
import { formatDateTime } from '../format/format.ts';
import { InteresadosSection } from '../interesados/InteresadosSection.tsx';
import { PlazosSection } from '../plazos/PlazosSection.tsx';
import { RelationsSection } from '../relations/RelationsSection.tsx';
import { currentPhase, isFinished, type FileDetail, type TransitionsView } from './detail.ts';
import { EditFileForm } from './EditFileForm.tsx';
import { PhaseChangeForm } from './PhaseChangeForm.tsx';

export function FileDetailPage() {
  const { t } = useTranslation();
  const { api, profile } = useServices();
  const { code = '' } = useParams();
  const location = useLocation();
  const created = (location.state as { created?: boolean } | null)?.created === true;
  const [notice, setNotice] = useState<{ key: string; phase?: string } | null>(created ? { key: 'detail.created' } : null);
  const path = `/api/files/${encodeURIComponent(code)}`;
  const [detail, reload] = useLoad<FileDetail>(path, (signal) => api.get<FileDetail>(path, signal));
  const [transitions, reloadTransitions] = useLoad<TransitionsView>(`${path}/transitions`, (signal) => api.get<TransitionsView>(`${path}/transitions`, signal));
  const [options] = useLoad<CodeName[]>('options', (signal) => loadInitialOptions(api, signal));
  const reloadAll = () => {
    reload();
    reloadTransitions();
  };

  if (detail.state === 'loading') {
    return (
      <>
        <h1 tabIndex={-1}>{t('detail.title', { code })}</h1>
        <p role="status">{t('common.loading')}</p>
      </>
    );
  }
  if (detail.state === 'error') {
    const notFound = detail.error instanceof ApiError && detail.error.status === 404;
    return (
      <>
        <h1 tabIndex={-1}>{t('detail.title', { code })}</h1>
        {notFound ? (
          <p className="alert alert-error" role="alert">
            {t('detail.notFound', { code })}
          </p>
        ) : (
          <ErrorMessage error={detail.error} />
        )}
        <div className="actions">
          {notFound ? null : (
            <button type="button" className="button" onClick={reload}>
              {t('common.retry')}
            </button>
          )}
          <Link to="/expedientes" className="button">
            {t('common.backToList')}
          </Link>
        </div>
      </>
    );
  }

  const file = detail.data;
  const finished = isFinished(file);
  const phase = currentPhase(file);
  // Only a tramitador changes interesados (of an open expediente) and relations; the server checks it again.
  const tramitador = profile.roles.includes('tramitador');
  return (
    <>
      <div className="page-head">
        <h1 tabIndex={-1}>{t('detail.title', { code: file.code })}</h1>
        <div className="actions">
          {profile.roles.includes('admin') || profile.roles.includes('platform-admin') ? (
            <Link to={`/expedientes/${encodeURIComponent(file.code)}/auditoria`} className="button">
              {t('audit.link')}
            </Link>
          ) : null}
          <Link to="/expedientes" className="button">
            {t('common.backToList')}
          </Link>
        </div>
      </div>
      {notice ? (
        <p className="alert alert-success" role="status">
          {t(notice.key, { phase: notice.phase })}
        </p>
      ) : null}
      {file.warnings.length > 0 ? (
        <div className="alert alert-warning" role="status">
          <p>{t('detail.warnings.intro')}</p>
          <ul>
            {file.warnings.map((w) => (
              <li key={w.part}>{t(`detail.warnings.${w.part}`)}</li>
            ))}
          </ul>
          <button type="button" className="button button-small" onClick={reloadAll}>
            {t('common.retry')}
          </button>
        </div>
      ) : null}
      {finished ? (
        <p className="alert alert-info" role="status">
          {t('detail.readOnly')}
        </p>
      ) : null}

      <section className="card" aria-labelledby="summary-heading">
        <h2 id="summary-heading">{t('detail.summary')}</h2>
        <dl className="facts">
          <div>
            <dt>{t('files.code')}</dt>
            <dd>{file.code}</dd>
          </div>
          <div>
            <dt>{t('files.owner')}</dt>
            <dd>
              {file.organism} · {file.unit ?? t('files.noUnit')}
            </dd>
          </div>
          <div>
            <dt>{t('files.date')}</dt>
            <dd>{formatDateTime(file.createdAt)}</dd>
          </div>
          <div>
            <dt>{t('files.createdBy')}</dt>
            <dd>{file.createdBy.displayName}</dd>
          </div>
          <div>
            <dt>{t('files.initialOption')}</dt>
            <dd>{file.initialOption.name}</dd>
          </div>
          <div>
            <dt>{t('files.phase')}</dt>
            <dd>{phase?.name ?? t('files.phasePending')}</dd>
          </div>
          <div>
            <dt>{t('detail.state')}</dt>
            <dd>{finished ? <span className="badge">{t('files.finished')}</span> : t('detail.open')}</dd>
          </div>
          <div className="facts-wide">
            <dt>{t('files.description')}</dt>
            <dd className="prewrap">{file.description || t('detail.noDescription')}</dd>
          </div>
        </dl>
      </section>

      {finished ? null : (
        <div className="two-columns">
          <EditFileForm
            key={`edit-${file.version}`}
            detail={file}
            options={options.state === 'ready' ? options.data : []}
            onSaved={() => {
              setNotice({ key: 'detail.edit.saved' });
              reload();
            }}
            onReload={reloadAll}
          />
          {transitions.state === 'ready' ? (
            <PhaseChangeForm
              key={`phase-${transitions.data.version}`}
              code={file.code}
              transitions={transitions.data}
              onMoved={(phase) => {
                setNotice({ key: 'detail.phase.moved', phase });
                reloadAll();
              }}
              onReload={reloadAll}
            />
          ) : transitions.state === 'error' ? (
            <section className="card" aria-labelledby="phase-error-heading">
              <h2 id="phase-error-heading">{t('detail.phase.title')}</h2>
              <ErrorMessage error={transitions.error} />
            </section>
          ) : (
            <p role="status">{t('common.loading')}</p>
          )}
        </div>
      )}

      <PlazosSection code={file.code} canEditContext={tramitador && !finished} />

      <ProcessDiagramSection code={file.code} processVersion={file.process?.version ?? null} />

      <InteresadosSection code={file.code} canWrite={tramitador && !finished} />
      <RelationsSection code={file.code} canWrite={tramitador} />

      <section className="card" aria-labelledby="history-heading">
        <h2 id="history-heading">{t('detail.history.title')}</h2>
        {file.process ? (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('files.phase')}</th>
                  <th scope="col">{t('detail.history.enteredAt')}</th>
                  <th scope="col">{t('detail.history.enteredBy')}</th>
                  <th scope="col">{t('detail.history.finishedAt')}</th>
                  <th scope="col">{t('detail.history.finishedBy')}</th>
                </tr>
              </thead>
              <tbody>
                {file.process.history.map((h, index) => (
                  <tr key={`${h.phase.code}-${index}`}>
                    <td>{h.phase.name}</td>
                    <td className="nowrap">{formatDateTime(h.enteredAt)}</td>
                    <td>{h.enteredBy.displayName}</td>
                    <td className="nowrap">{h.finishedAt ? formatDateTime(h.finishedAt) : t('detail.history.current')}</td>
                    <td>{h.finishedBy?.displayName ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{t('detail.warnings.process')}</p>
        )}
      </section>

      <FileDocuments code={file.code} tramitador={tramitador} finished={finished} fallback={file.documents} />
    </>
  );
}
