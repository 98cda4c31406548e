import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormActions } from '../forms/FormActions.tsx';
import { FieldMessage } from './FieldMessage.tsx';
import { OrganismProblemAlert } from './OrganismProblemAlert.tsx';
import { fieldOfProblem, NAME_MAX, organismProblemKey } from './organisms.ts';

interface Props {
  /** The name it has now (the field starts with it). */
  current: string;
  /** The form's heading ("Cambiar el nombre de …"), and its accessible name. */
  title: string;
  /** Sends the new name; a refusal is thrown as the API's error. */
  send: (name: string) => Promise<unknown>;
  onSaved: (name: string) => void;
  onCancel: () => void;
}

/** Renames an organism or a unit: its field takes the focus on opening; Escape or Cancel closes it unchanged. */
export function RenameForm({ current, title, send, onSaved, onCancel }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [name, setName] = useState(current);
  const [state, setState] = useState<{ kind: 'idle' | 'sending' | 'empty' } | { kind: 'error'; error: unknown }>({ kind: 'idle' });

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);

  const onField = state.kind === 'error' && fieldOfProblem(state.error, ['name']) === 'name';
  const messageKey = state.kind === 'empty' ? 'organisms.errors.nameRequired' : onField && state.kind === 'error' ? organismProblemKey(state.error) : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed === '') {
      setState({ kind: 'empty' });
      input.current?.focus();
      return;
    }
    setState({ kind: 'sending' });
    try {
      await send(trimmed);
      onSaved(trimmed);
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
      <h3 id={`${id}-title`}>{title}</h3>
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('organisms.newName')}</label>
        <input
          ref={input}
          id={`${id}-name`}
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            if (state.kind !== 'sending') setState({ kind: 'idle' });
          }}
          maxLength={NAME_MAX}
          autoComplete="off"
          aria-invalid={messageKey ? true : undefined}
          aria-describedby={messageKey ? `${id}-name-error` : undefined}
        />
        <FieldMessage id={`${id}-name-error`} messageKey={messageKey} />
      </div>
      {state.kind === 'error' && !onField ? <OrganismProblemAlert error={state.error} /> : null}
      <FormActions sending={state.kind === 'sending'} submitLabel={t('organisms.saveName')} onCancel={onCancel} />
    </form>
  );
}
