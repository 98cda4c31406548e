import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** What a control needs to be named by its label and described by its hint and error. */
export interface ControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

interface Props {
  id: string;
  label: string;
  required?: boolean;
  hint?: string;
  /** The field's error, already in words; none when the field is fine. */
  error?: string | undefined;
  children: (control: ControlProps) => ReactNode;
}

/** A labelled field with its hint and its error under it, tied to the control by aria-describedby. */
export function FormField({ id, label, required = false, hint, error, children }: Props) {
  const { t } = useTranslation();
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>
        {label} {required ? <span className="required">{t('common.required')}</span> : null}
      </label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
