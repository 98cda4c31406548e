import { useTranslation } from 'react-i18next';
import { ApiError, problemKey } from './problem.ts';

/** An error in words a case worker understands, with the server's reference for support. */
export function ErrorMessage({ error, id }: { error: unknown; id?: string }) {
  const { t } = useTranslation();
  const code = error instanceof ApiError ? error.code : undefined;
  return (
    <div className="alert alert-error" role="alert" id={id}>
      <p>{t(problemKey(error))}</p>
      {code && code !== 'network' ? <p className="alert-ref">{t('problems.reference', { code })}</p> : null}
    </div>
  );
}
