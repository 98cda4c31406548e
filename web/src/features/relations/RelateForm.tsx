import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormActions } from '../forms/FormActions.tsx';
import { useServices } from '../api/context.tsx';
import { ApiError } from '../api/problem.ts';
import { ProblemAlert } from '../interesados/ProblemAlert.tsx';
import { KINDS } from './relations.ts';

/** Refusals about the code typed, shown by that field: the sentence to show for each. */
function codeErrorKey(error: unknown): string | null {
  if (!(error instanceof ApiError)) return null;
  if (error.status === 404) return 'relations.errors.notFound';
  if (['self-relation', 'relation-exists', 'file-code-ambiguous', 'invalid-file-code'].includes(error.code)) return `problems.${error.code}`;
  if (error.fieldErrors.some((issue) => issue.path === 'body.code')) return 'relations.errors.codeInvalid';
  return null;
}

/** Relates this expediente to another by its code, with the kind read from this side. */
export function RelateForm({ code, onRelated }: { code: string; onRelated: (other: string) => void }) {
  const { t } = useTranslation();
  const { api } = useServices();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [kind, setKind] = useState<(typeof KINDS)[number]>('relacionado');
  const [other, setOther] = useState('');
  const [outcome, setOutcome] = useState<{ kind: 'idle' | 'sending' | 'missing' } | { kind: 'error'; error: unknown; code: string }>({ kind: 'idle' });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const target = other.trim();
    if (target === '') {
      setOutcome({ kind: 'missing' });
      input.current?.focus();
      return;
    }
    setOutcome({ kind: 'sending' });
    try {
      await api.json('POST', `/api/files/${encodeURIComponent(code)}/relations`, { body: { kind, code: target } });
      setOutcome({ kind: 'idle' });
      setOther('');
      onRelated(target);
      input.current?.focus();
    } catch (error) {
      setOutcome({ kind: 'error', error, code: target });
      if (codeErrorKey(error)) input.current?.focus();
    }
  };

  const fieldKey = outcome.kind === 'missing' ? 'relations.errors.codeRequired' : outcome.kind === 'error' ? codeErrorKey(outcome.error) : null;
  return (
    <form className="subcard form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <h3 id={`${id}-title`}>{t('relations.form.title')}</h3>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t('relations.form.kind')}</label>
          <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as (typeof KINDS)[number])}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`relations.kinds.${k}.outgoing`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-code`}>
            {t('relations.form.code')} <span className="required">{t('common.required')}</span>
          </label>
          <input
            ref={input}
            id={`${id}-code`}
            value={other}
            onChange={(e) => setOther(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={fieldKey ? true : undefined}
            aria-describedby={fieldKey ? `${id}-code-error` : undefined}
          />
          {fieldKey ? (
            <p id={`${id}-code-error`} className="field-error">
              {t(fieldKey, { code: outcome.kind === 'error' ? outcome.code : other })}
            </p>
          ) : null}
        </div>
      </div>
      {outcome.kind === 'error' && !fieldKey ? <ProblemAlert error={outcome.error} /> : null}
      <FormActions sending={outcome.kind === 'sending'} submitLabel={t('relations.form.submit')} />
    </form>
  );
}
