import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../api/context.tsx';
import { ErrorMessage } from '../api/ErrorMessage.tsx';
import { saveBlob, type DocumentView } from '../file-detail/detail.ts';
import { formatDateTime, formatSize } from '../format/format.ts';

/** The documents as the expediente's detail composes them (name, type, size, dates), each downloadable: what is left when docs' own list cannot be read. */
export function BasicDocumentsTable({ documents }: { documents: DocumentView[] }) {
  const { t } = useTranslation();
  const { api } = useServices();
  const [state, setState] = useState<{ id: string; kind: 'downloading' } | { id: string; kind: 'error'; error: unknown } | null>(null);

  const download = async (doc: DocumentView) => {
    setState({ id: doc.id, kind: 'downloading' });
    try {
      const response = await api.send('GET', doc.contentUrl, { headers: { accept: '*/*' } });
      saveBlob(await response.blob(), doc.name);
      setState(null);
    } catch (error) {
      setState({ id: doc.id, kind: 'error', error });
    }
  };

  if (documents.length === 0) return <p>{t('detail.documents.none')}</p>;
  return (
    <>
      {state?.kind === 'error' ? <ErrorMessage error={state.error} /> : null}
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('detail.documents.name')}</th>
              <th scope="col">{t('detail.documents.type')}</th>
              <th scope="col">{t('detail.documents.size')}</th>
              <th scope="col">{t('detail.documents.created')}</th>
              <th scope="col">{t('detail.documents.updated')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('detail.documents.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {documents.map((doc) => (
              <tr key={doc.id}>
                <td>{doc.name}</td>
                <td>{doc.mediaType}</td>
                <td className="nowrap">{formatSize(doc.size)}</td>
                <td>
                  {formatDateTime(doc.createdAt)}
                  <br />
                  <span className="muted">{doc.createdBy?.displayName}</span>
                </td>
                <td>
                  {formatDateTime(doc.updatedAt)}
                  <br />
                  <span className="muted">{doc.updatedBy?.displayName}</span>
                </td>
                <td>
                  <button
                    type="button"
                    className="button button-small"
                    disabled={state?.id === doc.id && state.kind === 'downloading'}
                    aria-label={t('detail.documents.downloadNamed', { name: doc.name })}
                    onClick={() => void download(doc)}
                  >
                    {state?.id === doc.id && state.kind === 'downloading' ? t('detail.documents.downloading') : t('detail.documents.download')}
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
