import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../api/context.tsx';
import { FormActions } from '../forms/FormActions.tsx';
import { FormField } from '../forms/FormField.tsx';
import { useFormSubmit } from '../forms/use-form-submit.ts';
import { DocumentProblem } from './DocumentProblem.tsx';
import { REASON_MAX, documentPath, type DocumentItem } from './documents.ts';

interface Props {
  document: DocumentItem;
  onRemoved: (document: DocumentItem) => void;
  onCancel: () => void;
}

/**
 * "Retirar": the document leaves the expediente's índice for a stated reason, asked twice since it
 * cannot be undone (its CSVs are annulled); it stays listed, struck, with who, when and why.
 */
export function RemovalForm({ document, onRemoved, onCancel }: Props) {
  const { t } = useTranslation();
  const { api } = useServices();
  const id = useId();
  const { form, errors, check, sending, failure, send } = useFormSubmit<'reason'>({ focusOnOpen: 'input' });
  const [reason, setReason] = useState('');
  const [asking, setAsking] = useState(false);
  const confirm = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (asking) confirm.current?.focus();
  }, [asking]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = reason.trim();
    if (
      !check(!trimmed ? { reason: t('documents.removal.reasonRequired') } : trimmed.length > REASON_MAX ? { reason: t('documents.removal.reasonTooLong') } : {})
    )
      return;
    setAsking(true);
  };

  const remove = async () => {
    await send(
      () => api.json<DocumentItem>('POST', `${documentPath(document.id)}/removal`, { body: { reason: reason.trim() } }).then((r) => r.data),
      onRemoved,
    );
    setAsking(false);
  };

  return (
    <form ref={form} className="subcard form" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h3 id={`${id}-title`}>{t('documents.removal.title', { name: document.name })}</h3>
      <p className="hint">{t('documents.removal.explain')}</p>
      <FormField id={`${id}-reason`} label={t('documents.removal.reason')} required error={errors.reason}>
        {(control) => (
          <textarea
            {...control}
            rows={2}
            value={reason}
            readOnly={asking}
            onChange={(e) => {
              setReason(e.target.value);
              setAsking(false);
            }}
          />
        )}
      </FormField>
      {failure ? <DocumentProblem error={failure} /> : null}
      {asking ? (
        <div
          className="confirm"
          role="group"
          aria-label={t('documents.removal.question', { name: document.name })}
          onKeyDown={(event) => {
            if (event.key === 'Escape') setAsking(false);
          }}
        >
          <span className="confirm-question">{t('documents.removal.question', { name: document.name })}</span>
          <button ref={confirm} type="button" className="button button-small button-danger" disabled={sending} onClick={() => void remove()}>
            {t('documents.removal.confirm')}
          </button>
          <button type="button" className="button button-small" onClick={() => setAsking(false)}>
            {t('common.cancel')}
          </button>
          <p role="status" className="status-line">
            {sending ? t('common.saving') : ''}
          </p>
        </div>
      ) : (
        <FormActions sending={sending} submitLabel={t('documents.removal.submit')} onCancel={onCancel} />
      )}
    </form>
  );
}
