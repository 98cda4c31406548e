import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CodeNameOptions } from '../api/CodeNameOptions.tsx';
import { useServices } from '../api/context.tsx';
import { SubmitFeedback } from '../api/SubmitFeedback.tsx';
import { useSubmitWithConflict } from '../api/use-submit-with-conflict.ts';
import { allowedTransitions, missingRoles, type TransitionsView } from './detail.ts';

interface Props {
  code: string;
  transitions: TransitionsView;
  /** Called with the name of the new phase. */
  onMoved: (phase: string) => void;
  onReload: () => void;
}

/** Offers only the transitions this user may take now, sent with the process version seen. */
export function PhaseChangeForm({ code, transitions, onMoved, onReload }: Props) {
  const { t } = useTranslation();
  const { api } = useServices();
  const id = useId();
  const allowed = allowedTransitions(transitions);
  const [to, setTo] = useState('');
  const { state, send, reset } = useSubmitWithConflict();
  // Choosing nothing is caught here, without asking the server; it replaces any earlier outcome.
  const [missing, setMissing] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setMissing(!to);
    if (!to) {
      reset();
      return;
    }
    await send(
      () => api.json('POST', `/api/files/${encodeURIComponent(code)}/transitions`, { body: { to, expectedVersion: transitions.version } }),
      () => {
        setTo('');
        onMoved(allowed.find((p) => p.code === to)?.name ?? to);
      },
    );
  };

  const roles = missingRoles(transitions);
  return (
    <form className="card form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>{t('detail.phase.title')}</h2>
      <p>{t('detail.phase.current', { phase: transitions.phase.name })}</p>
      {allowed.length === 0 ? (
        <p className="hint">{roles.length > 0 ? t('detail.phase.noneAllowedRoles', { roles: roles.join(', ') }) : t('detail.phase.none')}</p>
      ) : (
        <>
          <div className="field">
            <label htmlFor={`${id}-to`}>{t('detail.phase.next')}</label>
            <select
              id={`${id}-to`}
              value={to}
              onChange={(e) => setTo(e.target.value)}
              aria-invalid={missing || undefined}
              aria-describedby={missing ? `${id}-to-error` : undefined}
            >
              <option value="">{t('detail.phase.choose')}</option>
              <CodeNameOptions items={allowed} />
            </select>
            {missing ? (
              <p id={`${id}-to-error`} className="field-error">
                {t('detail.phase.chooseFirst')}
              </p>
            ) : null}
          </div>
          <SubmitFeedback state={state} conflictMessage={t('detail.phase.conflict')} reloadLabel={t('detail.edit.reload')} onReload={onReload} />
          <div className="actions">
            <button type="submit" className="button button-primary" disabled={state.kind === 'sending'}>
              {t('detail.phase.submit')}
            </button>
          </div>
        </>
      )}
    </form>
  );
}
