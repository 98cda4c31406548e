import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/problem.ts';
import { organismProblemKey } from './organisms.ts';

/** A refusal of the organisms routes in words, with the server's reference for support. */
export function OrganismProblemAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const code = error instanceof ApiError ? error.code : undefined;
  return (
    <div className="alert alert-error" role="alert">
      <p>{t(organismProblemKey(error))}</p>
      {code && code !== 'network' ? <p className="alert-ref">{t('problems.reference', { code })}</p> : null}
    </div>
  );
}
