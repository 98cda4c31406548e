import { useTranslation } from 'react-i18next';

interface Props {
  /** While the request travels: the submit button is disabled and "saving" is said to screen readers. */
  sending: boolean;
  submitLabel: string;
  /** Offers "Cancel" beside the submit button; none for a form that stays on the page. */
  onCancel?: () => void;
  /** Another reason the form cannot be sent yet (besides sending). */
  disabled?: boolean;
}

/** The end of a form: the polite status line that says it is saving, then its submit button and, when it can be closed, "Cancel". */
export function FormActions({ sending, submitLabel, onCancel, disabled = false }: Props) {
  const { t } = useTranslation();
  return (
    <>
      <p role="status" className="status-line">
        {sending ? t('common.saving') : ''}
      </p>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={sending || disabled}>
          {submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        ) : null}
      </div>
    </>
  );
}
