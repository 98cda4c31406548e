import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/problem.ts';
import { plazoProblemKey } from './plazos.ts';

/**
 * A refusal of the plazos or calendars routes: its sentence, then the server's own detail (which
 * names the limit or the date, e.g. the longest extension art. 32 allows), and the reference for support.
 */
export function PlazoProblem({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const problem = error instanceof ApiError ? error : undefined;
  return (
    <div className="alert alert-error" role="alert">
      <p>{t(plazoProblemKey(error))}</p>
      {problem?.detail && problem.detail !== problem.code ? <p className="alert-detail">{problem.detail}</p> : null}
      {problem && problem.code !== 'network' ? <p className="alert-ref">{t('problems.reference', { code: problem.code })}</p> : null}
    </div>
  );
}
