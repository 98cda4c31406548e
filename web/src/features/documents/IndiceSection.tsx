import { useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../api/context.tsx';
import { useLoad } from '../api/use-load.ts';
import { saveBlob } from '../file-detail/detail.ts';
import { formatDateTime } from '../format/format.ts';
import { CsvValue } from './CsvValue.tsx';
import { DocumentProblem } from './DocumentProblem.tsx';
import { abbreviateHash, digestName, eniExportPath, indicePath, indiceRows, remisionesPath, type Indice, type IndiceSnapshot } from './documents.ts';

interface Props {
  code: string;
  /** A tramitador may sign a remission índice (docs checks it again). */
  canRemit: boolean;
  /** Changes whenever the documents changed: the live índice is read again. */
  revision?: number;
}

type Busy = { kind: 'remision' | 'export'; error?: unknown } | null;

/**
 * "Índice electrónico": the live índice of the expediente (its documents in order, by folder, with
 * their digests and dates of incorporation), the índices signed at its closure (E02) or for each
 * remission (E03), and the two ways out: signing a remission índice, and exporting the whole
 * expediente ENI as a ZIP (NTI Expediente electrónico).
 */
export function IndiceSection({ code, canRemit, revision = 0 }: Props) {
  const { t } = useTranslation();
  const { api } = useServices();
  const path = indicePath(code);
  const [indice, reload] = useLoad<Indice>(`${path}#${revision}`, (signal) => api.get<Indice>(path, signal));
  const [busy, setBusy] = useState<Busy>(null);
  const [notice, setNotice] = useState('');
  const signedHeading = useRef<HTMLHeadingElement>(null);

  const remit = async () => {
    setBusy({ kind: 'remision' });
    setNotice('');
    try {
      const { data } = await api.json<IndiceSnapshot>('POST', remisionesPath(code));
      setBusy(null);
      setNotice(t('indice.remisionDone', { at: formatDateTime(data.fechaIndice) }));
      reload();
      signedHeading.current?.focus();
    } catch (error) {
      setBusy({ kind: 'remision', error });
    }
  };

  const exportEni = async () => {
    setBusy({ kind: 'export' });
    setNotice('');
    try {
      const response = await api.send('GET', eniExportPath(code), { headers: { accept: 'application/zip' } });
      const name = `${code}-eni.zip`;
      saveBlob(await response.blob(), name);
      setBusy(null);
      setNotice(t('indice.exported', { name }));
    } catch (error) {
      setBusy({ kind: 'export', error });
    }
  };

  return (
    <section className="card" aria-labelledby="indice-heading">
      <div className="section-head">
        <h2 id="indice-heading">{t('indice.title')}</h2>
        <div className="actions">
          {canRemit ? (
            <button
              type="button"
              className="button"
              aria-describedby="indice-remision-hint"
              disabled={busy?.kind === 'remision' && !busy.error}
              onClick={() => void remit()}
            >
              {t('indice.remision')}
            </button>
          ) : null}
          <button
            type="button"
            className="button button-primary"
            aria-describedby="indice-export-hint"
            disabled={busy?.kind === 'export' && !busy.error}
            onClick={() => void exportEni()}
          >
            {busy?.kind === 'export' && !busy.error ? t('indice.exporting') : t('indice.export')}
          </button>
        </div>
      </div>
      {canRemit ? (
        <p id="indice-remision-hint" className="hint">
          {t('indice.remisionExplain')}
        </p>
      ) : null}
      <p id="indice-export-hint" className="hint section-hint">
        {t('indice.exportExplain')}
      </p>
      <p role="status" className={notice ? 'alert alert-success' : 'visually-hidden'}>
        {notice}
      </p>
      {busy?.error ? <DocumentProblem error={busy.error} /> : null}
      {indice.state === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
      {indice.state === 'error' ? (
        <>
          <DocumentProblem error={indice.error} urgent={false} />
          <button type="button" className="button button-small" onClick={reload}>
            {t('common.retry')}
          </button>
        </>
      ) : null}
      {indice.state === 'ready' ? <IndiceView indice={indice.data} signedHeading={signedHeading} /> : null}
    </section>
  );
}

function IndiceView({ indice, signedHeading }: { indice: Indice; signedHeading: RefObject<HTMLHeadingElement | null> }) {
  const { t } = useTranslation();
  const rows = indiceRows(indice.current.entries);
  return (
    <>
      <dl className="facts">
        <div>
          <dt>{t('indice.identificador')}</dt>
          <dd className="contact-line">
            <code>{indice.identificador}</code>
          </dd>
        </div>
        <div>
          <dt>{t('indice.estado')}</dt>
          <dd>{`${indice.estado} · ${t(`indice.estados.${indice.estado}`)}`}</dd>
        </div>
      </dl>

      <h3>{t('indice.live')}</h3>
      <p className="hint section-hint">{t('indice.liveDate', { at: formatDateTime(indice.current.fechaIndice) })}</p>
      {rows.length === 0 ? (
        <p className="empty">{t('indice.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('indice.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('indice.order')}</th>
                <th scope="col">{t('indice.document')}</th>
                <th scope="col">{t('indice.folder')}</th>
                <th scope="col">{t('indice.hash')}</th>
                <th scope="col">{t('indice.incorporated')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ entry, folder }) => (
                <tr key={entry.identificador}>
                  <td>{entry.orden ?? '—'}</td>
                  <th scope="row" className="row-name">
                    {entry.name ?? entry.identificador}
                    {entry.name ? <span className="hint contact-line">{entry.identificador}</span> : null}
                  </th>
                  <td>{folder ?? t('indice.noFolder')}</td>
                  <td className="nowrap">
                    {digestName(entry.funcionResumen)}{' '}
                    <code title={t('indice.hashTitle', { fn: digestName(entry.funcionResumen), hash: entry.valorHuella })}>
                      {abbreviateHash(entry.valorHuella)}
                    </code>
                  </td>
                  <td className="nowrap">{formatDateTime(entry.fechaIncorporacion)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h3 ref={signedHeading} tabIndex={-1}>
        {t('indice.signed')}
      </h3>
      {indice.snapshots.length === 0 ? (
        <p className="empty">{t('indice.signedNone')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('indice.signedCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('indice.kind')}</th>
                <th scope="col">{t('indice.date')}</th>
                <th scope="col">{t('indice.signatures')}</th>
                <th scope="col">{t('indice.documentsCount')}</th>
                <th scope="col">{t('documents.columns.csv')}</th>
              </tr>
            </thead>
            <tbody>
              {indice.snapshots.map((snapshot) => (
                <tr key={snapshot.id}>
                  <th scope="row" className="row-name">
                    {t(`indice.kinds.${snapshot.estado}`)}
                  </th>
                  <td className="nowrap">
                    {formatDateTime(snapshot.fechaIndice)}
                    <span className="hint contact-line">{snapshot.createdBy.displayName}</span>
                  </td>
                  <td>{snapshot.firmas.map((firma) => t(`indice.firmas.${firma}`)).join(', ')}</td>
                  <td>{t('indice.entries', { count: indiceRows(snapshot.entries).length })}</td>
                  <td>
                    <CsvValue csv={snapshot.csv} name={`${t(`indice.kinds.${snapshot.estado}`)} ${formatDateTime(snapshot.fechaIndice)}`} copy />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
