import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/problem.ts';
import { taskProblemKey } from './tasks.ts';

/** A refusal of the task routes in words, with the server's reference for support. */
export function TaskProblem({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const code = error instanceof ApiError ? error.code : undefined;
  return (
    <div className="alert alert-error" role="alert">
      <p>{t(taskProblemKey(error))}</p>
      {code && code !== 'network' ? <p className="alert-ref">{t('problems.reference', { code })}</p> : null}
    </div>
  );
}
