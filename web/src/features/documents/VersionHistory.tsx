import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../api/context.tsx';
import { useLoad } from '../api/use-load.ts';
import { saveBlob } from '../file-detail/detail.ts';
import { formatDateTime, formatSize } from '../format/format.ts';
import { CsvValue } from './CsvValue.tsx';
import { DocumentProblem } from './DocumentProblem.tsx';
import { abbreviateHash, documentPath, type DocumentItem, type VersionItem, type VersionList } from './documents.ts';

/** "Historial de versiones": a disclosure read when opened, every version with its author, hash, CSV and content. */
export function VersionHistory({ document }: { document: DocumentItem }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <details className="disclosure" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('documents.history.summary')}</summary>
      {open ? <Versions document={document} /> : null}
    </details>
  );
}

function Versions({ document }: { document: DocumentItem }) {
  const { t } = useTranslation();
  const { api } = useServices();
  const path = `${documentPath(document.id)}/versions`;
  // Read again when a new version is added while it is open.
  const [versions, reload] = useLoad<VersionList>(`${path}#${document.currentVersion ?? 0}`, (signal) => api.get<VersionList>(path, signal));
  const [download, setDownload] = useState<{ version: number; error?: unknown } | null>(null);

  const save = async (version: VersionItem) => {
    setDownload({ version: version.version });
    try {
      const response = await api.send('GET', version.contentUrl, { headers: { accept: '*/*' } });
      saveBlob(await response.blob(), version.name);
      setDownload(null);
    } catch (error) {
      setDownload({ version: version.version, error });
    }
  };

  if (versions.state === 'loading') return <p role="status">{t('common.loading')}</p>;
  if (versions.state === 'error') {
    return (
      <>
        <DocumentProblem error={versions.error} urgent={false} />
        <button type="button" className="button button-small" onClick={reload}>
          {t('common.retry')}
        </button>
      </>
    );
  }
  const current = document.currentVersion ?? versions.data.items.at(-1)?.version;
  return (
    <>
      {download?.error ? <DocumentProblem error={download.error} /> : null}
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">{t('documents.history.caption', { name: document.name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('documents.history.version')}</th>
              <th scope="col">{t('documents.history.date')}</th>
              <th scope="col">{t('documents.history.author')}</th>
              <th scope="col">{t('documents.history.size')}</th>
              <th scope="col">{t('documents.history.hash')}</th>
              <th scope="col">{t('documents.history.csv')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('documents.columns.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {[...versions.data.items].reverse().map((version) => (
              <tr key={version.version}>
                <th scope="row" className="row-name nowrap">
                  {t('documents.version', { version: version.version })}
                  {version.version === current ? <span className="badge">{t('documents.history.current')}</span> : null}
                </th>
                <td className="nowrap">{formatDateTime(version.createdAt)}</td>
                <td>{version.createdBy.displayName}</td>
                <td className="nowrap">{formatSize(version.size)}</td>
                <td>
                  <code title={version.sha256}>{abbreviateHash(version.sha256)}</code>
                </td>
                <td>
                  <CsvValue csv={version.csv} name={`${document.name} v${version.version}`} />
                  {version.csvStatus === 'ANULADO' ? <span className="badge badge-overdue">{t('documents.history.annulled')}</span> : null}
                </td>
                <td>
                  <button
                    type="button"
                    className="button button-small"
                    disabled={download?.version === version.version && !download.error}
                    aria-label={t('documents.history.downloadNamed', { version: version.version, name: version.name })}
                    onClick={() => void save(version)}
                  >
                    {t('documents.history.download')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
