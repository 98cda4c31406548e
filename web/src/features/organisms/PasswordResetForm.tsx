import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormActions } from '../forms/FormActions.tsx';
import { useServices } from '../api/context.tsx';
import { ApiError } from '../api/problem.ts';
import { MIN_PASSWORD_LENGTH } from './AccountForm.tsx';
import { FieldMessage } from './FieldMessage.tsx';
import { OrganismProblemAlert } from './OrganismProblemAlert.tsx';
import { organismPath, organismProblemKey, type Member, type UpdateAccountBody } from './organisms.ts';

interface Props {
  organism: string;
  member: Member;
  onSaved: (member: Member) => void;
  onCancel: () => void;
}

/**
 * Gives an account the organism owns a new password (`PATCH …/accounts/{username}`): the person's
 * earlier sessions stop working at once (the server's doing) and they log in with the new one.
 */
export function PasswordResetForm({ organism, member, onSaved, onCancel }: Props) {
  const { t } = useTranslation();
  const { api } = useServices();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [password, setPassword] = useState('');
  const [local, setLocal] = useState<string | undefined>();
  const [state, setState] = useState<{ kind: 'idle' | 'sending' } | { kind: 'error'; error: unknown }>({ kind: 'idle' });
  // A weak password is the field's matter; anything else (the account is gone, say) shows above the buttons.
  const fieldError =
    local ?? (state.kind === 'error' && state.error instanceof ApiError && state.error.code === 'weak-password' ? organismProblemKey(state.error) : undefined);

  useEffect(() => {
    input.current?.focus();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (password.length < MIN_PASSWORD_LENGTH) {
      setLocal('organisms.errors.passwordShort');
      setState({ kind: 'idle' });
      input.current?.focus();
      return;
    }
    setState({ kind: 'sending' });
    try {
      const body = { password } satisfies UpdateAccountBody;
      const { data } = await api.json<Member>('PATCH', `${organismPath(organism)}/accounts/${encodeURIComponent(member.username)}`, { body });
      setState({ kind: 'idle' });
      onSaved(data);
    } catch (error) {
      setState({ kind: 'error', error });
      input.current?.focus();
    }
  };

  return (
    <form
      className="subcard form"
      onSubmit={(e) => void submit(e)}
      aria-labelledby={`${id}-title`}
      noValidate
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      <h3 id={`${id}-title`}>{t('organisms.account.resetTitle', { name: member.displayName })}</h3>
      <div className="field">
        <label htmlFor={`${id}-password`}>
          {t('organisms.account.newPassword')} <span className="required">{t('common.required')}</span>
        </label>
        <input
          ref={input}
          id={`${id}-password`}
          type="password"
          value={password}
          onChange={(e) => {
            setPassword(e.target.value);
            setLocal(undefined);
            if (state.kind === 'error') setState({ kind: 'idle' });
          }}
          autoComplete="new-password"
          maxLength={256}
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={[`${id}-password-hint`, fieldError ? `${id}-password-error` : ''].filter(Boolean).join(' ')}
        />
        <p id={`${id}-password-hint`} className="hint">
          {t('organisms.account.resetHint')}
        </p>
        <FieldMessage id={`${id}-password-error`} messageKey={fieldError} />
      </div>
      {state.kind === 'error' && !fieldError ? <OrganismProblemAlert error={state.error} /> : null}
      <FormActions sending={state.kind === 'sending'} submitLabel={t('organisms.account.reset')} onCancel={onCancel} />
    </form>
  );
}
