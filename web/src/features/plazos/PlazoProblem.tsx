import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/problem.ts';
import { plazoProblemKey } from './plazos.ts';

/** Refusals whose detail names what the sentence cannot: the limit the law sets, the date, the invalid day. */
const DETAILED = new Set(['extension-refused', 'extension-too-long', 'plazo-change-refused', 'calendar-correction-invalid']);

/**
 * A refusal of the plazos or calendars routes: its sentence, then — when it carries what the sentence
 * cannot say (the limit, the date) — the server's own detail, and the reference for support.
 */
export function PlazoProblem({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const problem = error instanceof ApiError ? error : undefined;
  return (
    <div className="alert alert-error" role="alert">
      <p>{t(plazoProblemKey(error))}</p>
      {problem?.detail && problem.detail !== problem.code && DETAILED.has(problem.code) ? (
        // bpm words its legal reasons in English (the API's language): marked so that screen readers read it as such.
        <p className="alert-detail" lang="en">
          {problem.detail}
        </p>
      ) : null}
      {problem && problem.code !== 'network' ? <p className="alert-ref">{t('problems.reference', { code: problem.code })}</p> : null}
    </div>
  );
}
