import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { EniImportResultResource } from '@tramita/contracts';
import { useServices } from '../api/context.tsx';
import { ApiError } from '../api/problem.ts';
import { documentProblemKey } from '../documents/DocumentProblem.tsx';
import { ENI_IMPORTS_PATH, formatOf, postMultipart } from '../documents/documents.ts';
import { importedDraft } from '../file-create/create-form.ts';
import { FormActions } from '../forms/FormActions.tsx';
import { FormField } from '../forms/FormField.tsx';
import { useFormSubmit } from '../forms/use-form-submit.ts';
import { formatDateTime, formatSize } from '../format/format.ts';

type ImportResult = EniImportResultResource;

/**
 * "Importar expediente ENI": a remitted expediente's ZIP is checked whole by docs (índice,
 * metadata, every documento ENI). A refusal names the first invalid element; an accepted package
 * shows what came and opens the new-expediente form with its documents already attached.
 */
export function EniImportPage() {
  const { t } = useTranslation();
  const { api } = useServices();
  const id = useId();
  const navigate = useNavigate();
  const { form, errors, check, sending, failure, send } = useFormSubmit<'file'>();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const refusal = useRef<HTMLDivElement>(null);
  const imported = useRef<HTMLHeadingElement>(null);

  // The answer takes the focus: the refusal to read it, or the imported expediente.
  useEffect(() => {
    if (failure) refusal.current?.focus();
  }, [failure]);
  useEffect(() => {
    if (result) imported.current?.focus();
  }, [result]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!check(file ? {} : { file: t('eniImport.fileRequired') }) || !file) return;
    setResult(null);
    await send(() => postMultipart<ImportResult>(api, ENI_IMPORTS_PATH, {}, file), setResult);
  };

  const problem = failure instanceof ApiError ? failure : undefined;
  return (
    <>
      <div className="page-head">
        <h1 tabIndex={-1}>{t('eniImport.title')}</h1>
        <Link to="/expedientes" className="button">
          {t('common.backToList')}
        </Link>
      </div>
      <p className="page-intro">{t('eniImport.intro')}</p>
      {result ? null : (
        <form ref={form} className="card form" onSubmit={(e) => void submit(e)} noValidate aria-label={t('eniImport.title')}>
          <FormField id={`${id}-file`} label={t('eniImport.file')} required hint={t('eniImport.fileHint')} error={errors.file}>
            {(control) => <input {...control} type="file" accept=".zip,application/zip" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />}
          </FormField>
          <FormActions sending={sending} submitLabel={t('eniImport.submit')} />
        </form>
      )}
      {failure ? (
        <div ref={refusal} className="alert alert-error" role="alert" tabIndex={-1} aria-labelledby={`${id}-refused`}>
          <p id={`${id}-refused`}>
            <strong>{t('eniImport.refused')}</strong>
          </p>
          <p>{t(documentProblemKey(failure))}</p>
          {problem?.detail && problem.detail !== problem.code ? (
            // docs names the element in the API's language (English).
            <p className="alert-detail" lang="en">
              {t('eniImport.refusedDetail', { detail: problem.detail })}
            </p>
          ) : null}
          {problem && problem.code !== 'network' ? <p className="alert-ref">{t('problems.reference', { code: problem.code })}</p> : null}
        </div>
      ) : null}
      {result ? (
        <section className="card" aria-labelledby={`${id}-imported`}>
          <h2 id={`${id}-imported`} ref={imported} tabIndex={-1}>
            {t('eniImport.imported')}
          </h2>
          <p>{t('eniImport.importedIntro')}</p>
          <dl className="facts">
            <div className="facts-wide">
              <dt>{t('eniImport.identificador')}</dt>
              <dd className="contact-line">
                <code>{result.expediente.identificador}</code>
              </dd>
            </div>
            <div>
              <dt>{t('eniImport.organos')}</dt>
              <dd>{result.expediente.organos.join(', ')}</dd>
            </div>
            <div>
              <dt>{t('eniImport.fechaApertura')}</dt>
              <dd>{formatDateTime(result.expediente.fechaApertura)}</dd>
            </div>
            <div>
              <dt>{t('eniImport.clasificacion')}</dt>
              <dd className="contact-line">{result.expediente.clasificacion}</dd>
            </div>
            <div>
              <dt>{t('eniImport.estado')}</dt>
              <dd>{`${result.expediente.estado} · ${t(`indice.estados.${result.expediente.estado}`)}`}</dd>
            </div>
            <div>
              <dt>{t('eniImport.interesados')}</dt>
              <dd>{result.expediente.interesados.join(', ') || t('eniImport.noInteresados')}</dd>
            </div>
          </dl>
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">{t('eniImport.documentsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('documents.columns.position')}</th>
                  <th scope="col">{t('documents.columns.name')}</th>
                  <th scope="col">{t('documents.columns.tipo')}</th>
                  <th scope="col">{t('documents.fields.estado')}</th>
                  <th scope="col">{t('documents.columns.format')}</th>
                  <th scope="col">{t('documents.columns.size')}</th>
                </tr>
              </thead>
              <tbody>
                {result.documents.map((document, index) => (
                  <tr key={document.id}>
                    <td>{index + 1}</td>
                    <th scope="row" className="row-name">
                      {document.name}
                      {document.eni?.identificador ? <span className="hint contact-line">{document.eni.identificador}</span> : null}
                    </th>
                    <td>
                      {document.eni
                        ? t('documents.codeName', { code: document.eni.tipoDocumental, name: t(`documents.tipos.${document.eni.tipoDocumental}`) })
                        : '—'}
                    </td>
                    <td>{document.eni ? document.eni.estadoElaboracion : '—'}</td>
                    <td>{formatOf(document)}</td>
                    <td className="nowrap">{formatSize(document.size)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="hint" id={`${id}-open-hint`}>
            {t('eniImport.openHint')}
          </p>
          <div className="actions">
            <button
              type="button"
              className="button button-primary"
              aria-describedby={`${id}-open-hint`}
              onClick={() =>
                void navigate('/expedientes/nuevo', {
                  state: importedDraft(result.documents, t('eniImport.description', { identificador: result.expediente.identificador })),
                })
              }
            >
              {t('eniImport.open')}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                setResult(null);
                setFile(null);
              }}
            >
              {t('eniImport.another')}
            </button>
          </div>
        </section>
      ) : null}
    </>
  );
}
