import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../api/context.tsx';
import { ErrorMessage } from '../api/ErrorMessage.tsx';
import { ApiError } from '../api/problem.ts';
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
  const [state, setState] = useState<{ kind: 'idle' | 'moving' | 'conflict' | 'missing' } | { kind: 'error'; error: unknown }>({ kind: 'idle' });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!to) {
      setState({ kind: 'missing' });
      return;
    }
    setState({ kind: 'moving' });
    try {
      await api.json('POST', `/api/files/${encodeURIComponent(code)}/transitions`, { body: { to, expectedVersion: transitions.version } });
      setTo('');
      setState({ kind: 'idle' });
      onMoved(allowed.find((p) => p.code === to)?.name ?? to);
    } catch (error) {
      setState(error instanceof ApiError && error.code === 'version-conflict' ? { kind: 'conflict' } : { kind: 'error', error });
    }
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
              aria-invalid={state.kind === 'missing' || undefined}
              aria-describedby={state.kind === 'missing' ? `${id}-to-error` : undefined}
            >
              <option value="">{t('detail.phase.choose')}</option>
              {allowed.map((p) => (
                <option key={p.code} value={p.code}>
                  {p.name}
                </option>
              ))}
            </select>
            {state.kind === 'missing' ? (
              <p id={`${id}-to-error`} className="field-error">
                {t('detail.phase.chooseFirst')}
              </p>
            ) : null}
          </div>
          {state.kind === 'conflict' ? (
            <div className="alert alert-warning" role="alert">
              <p>{t('detail.phase.conflict')}</p>
              <button type="button" className="button" onClick={onReload}>
                {t('detail.edit.reload')}
              </button>
            </div>
          ) : null}
          {state.kind === 'error' ? <ErrorMessage error={state.error} /> : null}
          <p role="status" className="status-line">
            {state.kind === 'moving' ? t('common.saving') : ''}
          </p>
          <div className="actions">
            <button type="submit" className="button button-primary" disabled={state.kind === 'moving'}>
              {t('detail.phase.submit')}
            </button>
          </div>
        </>
      )}
    </form>
  );
}
