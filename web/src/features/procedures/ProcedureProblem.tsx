import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/problem.ts';
import { procedureProblemKey } from './procedures.ts';

/** A refusal of the procedure routes in words, with the server's reference for support. */
export function ProcedureProblem({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const code = error instanceof ApiError ? error.code : undefined;
  return (
    <div className="alert alert-error" role="alert">
      <p>{t(procedureProblemKey(error))}</p>
      {code && code !== 'network' ? <p className="alert-ref">{t('problems.reference', { code })}</p> : null}
    </div>
  );
}
