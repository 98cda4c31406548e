import { useTranslation } from 'react-i18next';
import { ApiError, problemKey } from '../api/problem.ts';

/** Refusals of docs with their own sentence here; the rest read as any other problem. */
const OWN = new Set([
  'document-removed',
  'document-not-attached',
  'document-version-conflict',
  'files-unavailable',
  'document-unsigned',
  'eni-invalid',
  'eni-document-exists',
]);

/** The catalogue key of a refusal of the documents, índice or ENI routes. */
export function documentProblemKey(error: unknown): string {
  return error instanceof ApiError && OWN.has(error.code) ? `documents.problems.${error.code}` : problemKey(error);
}

/**
 * A refusal in words, then what only the server can name: the fields it refused (docs words them in
 * English, the API's language, so they are marked as such for screen readers) and the reference for support.
 * A refused action is announced at once (`urgent`); a part of the page that could not be read is not.
 */
export function DocumentProblem({ error, id, urgent = true }: { error: unknown; id?: string; urgent?: boolean }) {
  const { t } = useTranslation();
  const problem = error instanceof ApiError ? error : undefined;
  return (
    <div className={urgent ? 'alert alert-error' : 'alert alert-warning'} role={urgent ? 'alert' : undefined} id={id} tabIndex={-1}>
      <p>{t(documentProblemKey(error))}</p>
      {problem && problem.fieldErrors.length > 0 ? (
        <>
          <p>{t('documents.problems.fieldErrors')}</p>
          <ul lang="en">
            {problem.fieldErrors.map((e) => (
              <li key={`${e.path}-${e.message}`}>
                {e.path}: {e.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {problem && problem.code !== 'network' ? <p className="alert-ref">{t('problems.reference', { code: problem.code })}</p> : null}
    </div>
  );
}
