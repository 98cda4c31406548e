import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../api/context.tsx';
import { useLoad } from '../api/use-load.ts';
import { saveBlob, type DocumentView } from '../file-detail/detail.ts';
import { formatDateTime, formatSize } from '../format/format.ts';
import { AddDocumentForm } from './AddDocumentForm.tsx';
import { BasicDocumentsTable } from './BasicDocumentsTable.tsx';
import { CsvValue } from './CsvValue.tsx';
import { DocumentProblem } from './DocumentProblem.tsx';
import { documentPath, documentsPath, formatOf, inIndiceOrder, type DocumentItem, type DocumentList } from './documents.ts';
import { MetadataForm } from './MetadataForm.tsx';
import { NewVersionForm } from './NewVersionForm.tsx';
import { RemovalForm } from './RemovalForm.tsx';
import { VersionHistory } from './VersionHistory.tsx';

interface Props {
  code: string;
  /** A tramitador of an open expediente adds, versions, describes and removes documents (docs checks it again). */
  canWrite: boolean;
  finished: boolean;
  /** The documents the expediente's detail composed, shown plainly when docs' own list cannot be read. */
  fallback: DocumentView[] | null;
  /** Told after each accepted change, so what depends on the documents (the índice) is read again. */
  onChanged?: () => void;
}

type Action = 'version' | 'metadata' | 'removal';
const COLUMNS = 8;

/**
 * "Documentos": the expediente's documents in the order of its índice, each with its ENI metadata,
 * current version and CSV, its version history, and — for a tramitador while the expediente is open —
 * the forms to add one, give one a new version, correct its metadata or remove it for a reason.
 */
export function DocumentsSection({ code, canWrite, finished, fallback, onChanged }: Props) {
  const { t } = useTranslation();
  const { api } = useServices();
  const path = documentsPath(code);
  const [list, reload] = useLoad<DocumentList>(path, (signal) => api.get<DocumentList>(path, signal));
  const [adding, setAdding] = useState(false);
  const [open, setOpen] = useState<{ id: string; action: Action } | null>(null);
  const [notice, setNotice] = useState('');
  const [download, setDownload] = useState<{ id: string; error?: unknown } | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const triggers = useRef(new Map<string, HTMLButtonElement>());

  /** A form closed without sending: the focus goes back to the button that opened it. */
  const close = (key: string) => {
    setOpen(null);
    setAdding(false);
    setTimeout(() => triggers.current.get(key)?.focus(), 0);
  };
  /** A change accepted: said politely, the list read again, the focus on the section (the form and maybe the row are gone). */
  const done = (message: string) => {
    setOpen(null);
    setAdding(false);
    setNotice(message);
    reload();
    onChanged?.();
    heading.current?.focus();
  };
  const trigger = (key: string) => (element: HTMLButtonElement | null) => {
    if (element) triggers.current.set(key, element);
    else triggers.current.delete(key);
  };

  const save = async (document: DocumentItem) => {
    setDownload({ id: document.id });
    try {
      const response = await api.send('GET', `${documentPath(document.id)}/content`, { headers: { accept: '*/*' } });
      saveBlob(await response.blob(), document.name);
      setDownload(null);
    } catch (error) {
      setDownload({ id: document.id, error });
    }
  };

  const items = list.state === 'ready' ? inIndiceOrder(list.data.items) : [];
  return (
    <section className="card" aria-labelledby="documents-heading">
      <div className="section-head">
        <h2 id="documents-heading" ref={heading} tabIndex={-1}>
          {t('documents.title')}
        </h2>
        {canWrite && !adding ? (
          <button
            ref={trigger('add')}
            type="button"
            className="button button-primary"
            onClick={() => {
              setOpen(null);
              setAdding(true);
            }}
          >
            {t('documents.add.open')}
          </button>
        ) : null}
      </div>
      <p role="status" className={notice ? 'alert alert-success' : 'visually-hidden'}>
        {notice}
      </p>
      {finished ? <p className="hint section-hint">{t('documents.readOnly')}</p> : null}
      {download?.error ? <DocumentProblem error={download.error} /> : null}
      {adding ? (
        <AddDocumentForm code={code} onAdded={(document) => done(t('documents.add.added', { name: document.name }))} onCancel={() => close('add')} />
      ) : null}

      {list.state === 'loading' ? fallback ? <BasicDocumentsTable documents={fallback} /> : <p role="status">{t('common.loading')}</p> : null}
      {list.state === 'error' ? (
        fallback ? (
          <>
            <p className="alert alert-warning">{t('documents.fallback')}</p>
            <BasicDocumentsTable documents={fallback} />
          </>
        ) : (
          <>
            <p>{t('detail.warnings.documents')}</p>
            <DocumentProblem error={list.error} urgent={false} />
            <button type="button" className="button button-small" onClick={reload}>
              {t('common.retry')}
            </button>
          </>
        )
      ) : null}
      {list.state === 'ready' && items.length === 0 ? <p className="empty">{t('documents.none')}</p> : null}
      {items.length > 0 ? (
        <div className="table-wrap">
          <table className="table documents-table">
            <caption className="visually-hidden">{t('documents.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('documents.columns.position')}</th>
                <th scope="col">{t('documents.columns.name')}</th>
                <th scope="col">{t('documents.columns.tipo')}</th>
                <th scope="col">{t('documents.columns.format')}</th>
                <th scope="col">{t('documents.columns.version')}</th>
                <th scope="col">{t('documents.columns.size')}</th>
                <th scope="col">{t('documents.columns.captured')}</th>
                <th scope="col">{t('documents.columns.csv')}</th>
              </tr>
            </thead>
            {items.map((document) => {
              const removed = document.removal ?? null;
              const action = open?.id === document.id ? open.action : null;
              const key = (a: Action) => `${document.id}-${a}`;
              const opener = (a: Action, label: string, named: string) => (
                <button
                  ref={trigger(key(a))}
                  type="button"
                  className="button button-small"
                  aria-label={named}
                  aria-expanded={action === a}
                  onClick={() => {
                    setAdding(false);
                    setOpen(action === a ? null : { id: document.id, action: a });
                  }}
                >
                  {label}
                </button>
              );
              return (
                // Each document is a body of two rows: its facts, then its actions, its history and whichever form is open.
                <tbody key={document.id} className={removed ? 'document-removed' : undefined}>
                  <tr>
                    <td>{document.position ?? '—'}</td>
                    <td className="document-name">
                      {removed ? <del>{document.name}</del> : document.name}
                      {removed ? <span className="badge badge-overdue">{t('documents.removed')}</span> : null}
                      {document.folder ? <span className="hint contact-line">{t('documents.folder', { folder: document.folder })}</span> : null}
                    </td>
                    <td>
                      {document.eni
                        ? t('documents.codeName', { code: document.eni.tipoDocumental, name: t(`documents.tipos.${document.eni.tipoDocumental}`) })
                        : '—'}
                    </td>
                    <td>{formatOf(document)}</td>
                    <td className="nowrap">{document.currentVersion ? t('documents.version', { version: document.currentVersion }) : '—'}</td>
                    <td className="nowrap">{formatSize(document.size)}</td>
                    <td className="nowrap">{formatDateTime(document.eni?.fechaCaptura ?? document.createdAt)}</td>
                    <td>{removed ? <CsvValue csv={document.csv} name={document.name} /> : <CsvValue csv={document.csv} name={document.name} copy />}</td>
                  </tr>
                  <tr className="document-detail">
                    <td colSpan={COLUMNS}>
                      {removed ? (
                        <p className="muted">
                          {t('documents.removedBy', { name: removed.by.displayName, at: formatDateTime(removed.at), reason: removed.reason })}
                        </p>
                      ) : null}
                      <div className="row-actions document-actions">
                        <button
                          type="button"
                          className="button button-small"
                          disabled={download?.id === document.id && !download.error}
                          aria-label={t('documents.downloadNamed', { name: document.name })}
                          onClick={() => void save(document)}
                        >
                          {download?.id === document.id && !download.error ? t('documents.downloading') : t('documents.download')}
                        </button>
                        {canWrite && !removed ? (
                          <>
                            {opener('version', t('documents.newVersion.open'), t('documents.newVersion.openNamed', { name: document.name }))}
                            {opener('metadata', t('documents.metadata.open'), t('documents.metadata.openNamed', { name: document.name }))}
                            {opener('removal', t('documents.removal.open'), t('documents.removal.openNamed', { name: document.name }))}
                          </>
                        ) : null}
                      </div>
                      <VersionHistory document={document} />
                      {action === 'version' ? (
                        <NewVersionForm
                          document={document}
                          onAdded={(changed) => done(t('documents.newVersion.added', { name: changed.name, version: changed.currentVersion ?? '' }))}
                          onCancel={() => close(key('version'))}
                        />
                      ) : null}
                      {action === 'metadata' ? (
                        <MetadataForm
                          document={document}
                          onSaved={(changed) => done(t('documents.metadata.saved', { name: changed.name }))}
                          onCancel={() => close(key('metadata'))}
                        />
                      ) : null}
                      {action === 'removal' ? (
                        <RemovalForm
                          document={document}
                          onRemoved={(changed) => done(t('documents.removal.removed', { name: changed.name }))}
                          onCancel={() => close(key('removal'))}
                        />
                      ) : null}
                    </td>
                  </tr>
                </tbody>
              );
            })}
          </table>
        </div>
      ) : null}
    </section>
  );
}
