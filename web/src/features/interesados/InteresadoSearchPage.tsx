import type { InteresadoSearchResource } from '@tramita/contracts';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useServices } from '../api/context.tsx';
import { useLoad } from '../api/use-load.ts';
import { formatDateTime } from '../format/format.ts';
import { fieldErrorsOf } from './interesados.ts';
import { ProblemAlert } from './ProblemAlert.tsx';

/** The document sought lives in the address (`?documento=`), so a search can be bookmarked, shared or gone back to. */
const PARAM = 'documento';

/** Where a person (NIF, NIE or CIF) appears as interesado, among the expedientes of the caller's organisms. */
export function InteresadoSearchPage() {
  const { t } = useTranslation();
  const { api } = useServices();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [params, setParams] = useSearchParams();
  const sought = params.get(PARAM)?.trim() ?? '';
  const [typed, setTyped] = useState(sought);
  const [missing, setMissing] = useState(false);
  const path = `/api/interesados?document=${encodeURIComponent(sought)}`;
  const [result] = useLoad<InteresadoSearchResource | null>(sought ? path : '', (signal) =>
    sought ? api.get<InteresadoSearchResource>(path, signal) : Promise.resolve(null),
  );
  const refused = result.state === 'error' ? fieldErrorsOf(result.error).fields.document : undefined;

  useEffect(() => setTyped(sought), [sought]);
  // A refused document takes the focus back, with its reason read out.
  useEffect(() => {
    if (refused) input.current?.focus();
  }, [refused]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const document = typed.trim();
    setMissing(document === '');
    if (document === '') {
      input.current?.focus();
      return;
    }
    setParams({ [PARAM]: document });
  };

  const errorKey = missing ? 'interesados.errors.documentRequired' : refused?.key;
  const found = result.state === 'ready' ? result.data : null;
  return (
    <>
      <h1 tabIndex={-1}>{t('search.title')}</h1>
      <section className="card" aria-labelledby={`${id}-form`}>
        <h2 id={`${id}-form`} className="visually-hidden">
          {t('search.formTitle')}
        </h2>
        <p className="hint search-explain">{t('search.explain')}</p>
        <form className="search-form" onSubmit={submit} role="search" noValidate>
          <div className="field">
            <label htmlFor={`${id}-document`}>{t('search.document')}</label>
            <input
              ref={input}
              id={`${id}-document`}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              aria-invalid={errorKey ? true : undefined}
              aria-describedby={errorKey ? `${id}-document-error` : undefined}
            />
            {errorKey ? (
              <p id={`${id}-document-error`} className="field-error">
                {t(errorKey)}
                {!missing && refused?.detail ? (
                  <>
                    {' '}
                    <span lang="en">({refused.detail})</span>
                  </>
                ) : null}
              </p>
            ) : null}
          </div>
          <div className="actions">
            <button type="submit" className="button button-primary">
              {t('search.submit')}
            </button>
          </div>
        </form>
      </section>
      {sought && !refused ? (
        <section className="card" aria-labelledby={`${id}-results`}>
          <h2 id={`${id}-results`}>{t('search.results', { document: found?.document ?? sought })}</h2>
          {result.state === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
          {result.state === 'error' ? <ProblemAlert error={result.error} /> : null}
          {found ? (
            <p role="status" className="results-summary">
              {t('search.count', { count: found.items.length })}
            </p>
          ) : null}
          {found && found.items.length > 0 ? (
            <div className="table-wrap">
              <table className="table">
                <caption className="visually-hidden">{t('search.caption', { document: found.document })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('search.file')}</th>
                    <th scope="col">{t('interesados.name')}</th>
                    <th scope="col">{t('interesados.role')}</th>
                    <th scope="col">{t('search.organism')}</th>
                    <th scope="col">{t('search.addedAt')}</th>
                  </tr>
                </thead>
                <tbody>
                  {found.items.map((item) => (
                    <tr key={item.id}>
                      <td>
                        <Link to={`/expedientes/${encodeURIComponent(item.fileCode)}`}>{item.fileCode}</Link>
                      </td>
                      <td>{item.name}</td>
                      <td>{t(`interesados.roles.${item.role}`)}</td>
                      <td>{item.organism}</td>
                      <td className="nowrap">{formatDateTime(item.addedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
