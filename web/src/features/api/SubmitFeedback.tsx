import { useTranslation } from 'react-i18next';
import { ErrorMessage } from './ErrorMessage.tsx';
import type { SubmitState } from './use-submit-with-conflict.ts';

interface Props {
  state: SubmitState;
  /** Says what changed meanwhile, in the form's own words. */
  conflictMessage: string;
  reloadLabel: string;
  onReload: () => void;
}

/** The outcome of a versioned write: a conflict explained with a reload button, an error, or "saving" for screen readers. */
export function SubmitFeedback({ state, conflictMessage, reloadLabel, onReload }: Props) {
  const { t } = useTranslation();
  return (
    <>
      {state.kind === 'conflict' ? (
        <div className="alert alert-warning" role="alert">
          <p>{conflictMessage}</p>
          <button type="button" className="button" onClick={onReload}>
            {reloadLabel}
          </button>
        </div>
      ) : null}
      {state.kind === 'error' ? <ErrorMessage error={state.error} /> : null}
      <p role="status" className="status-line">
        {state.kind === 'sending' ? t('common.saving') : ''}
      </p>
    </>
  );
}
