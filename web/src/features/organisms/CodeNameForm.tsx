import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormActions } from '../forms/FormActions.tsx';
import { FieldMessage } from './FieldMessage.tsx';
import { OrganismProblemAlert } from './OrganismProblemAlert.tsx';
import { fieldOfProblem, isDir3Code, NAME_MAX, normalizeDir3, organismProblemKey, type CreateOrganismBody, type CreateUnitBody } from './organisms.ts';

type Field = 'code' | 'name';
const FIELDS: readonly Field[] = ['code', 'name'];

interface Props {
  /** The form's heading, and its accessible name. */
  title: string;
  submitLabel: string;
  /** Sends the code (upper-cased) and the name; a refusal is thrown as the API's error. */
  send: (body: CreateOrganismBody & CreateUnitBody) => Promise<unknown>;
  /** Runs once the server has added it, with the code it now has. */
  onAdded: (code: string) => void;
}

/**
 * Adds an organism or a unit: its DIR3 code and its name. The code's format is checked here with
 * the server's rule; what only the server knows (a code already taken) shows by the same field.
 */
export function CodeNameForm({ title, submitLabel, send, onAdded }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [values, setValues] = useState({ code: '', name: '' });
  const [local, setLocal] = useState<Partial<Record<Field, string>>>({});
  const [state, setState] = useState<{ kind: 'idle' | 'sending' } | { kind: 'error'; error: unknown }>({ kind: 'idle' });
  const [focus, setFocus] = useState<{ field: Field } | null>(null);
  const inputs = { code: useRef<HTMLInputElement>(null), name: useRef<HTMLInputElement>(null) };

  const serverField = state.kind === 'error' ? (fieldOfProblem(state.error, FIELDS) as Field | undefined) : undefined;
  const errors: Partial<Record<Field, string>> =
    Object.keys(local).length > 0 ? local : serverField && state.kind === 'error' ? { [serverField]: organismProblemKey(state.error) } : {};

  // The field to fix (or the code field, to add another) takes the focus once the form shows the outcome.
  useEffect(() => {
    if (focus) inputs[focus.field].current?.focus();
  }, [focus]);

  const check = (): Partial<Record<Field, string>> => {
    const found: Partial<Record<Field, string>> = {};
    if (values.code.trim() === '') found.code = 'organisms.errors.codeRequired';
    else if (!isDir3Code(values.code)) found.code = 'organisms.errors.codeInvalid';
    if (values.name.trim() === '') found.name = 'organisms.errors.nameRequired';
    return found;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = check();
    setLocal(found);
    const first = FIELDS.find((field) => found[field]);
    if (first) {
      setState({ kind: 'idle' });
      setFocus({ field: first });
      return;
    }
    const code = normalizeDir3(values.code);
    setState({ kind: 'sending' });
    try {
      await send({ code, name: values.name.trim() });
      setState({ kind: 'idle' });
      setValues({ code: '', name: '' });
      setFocus({ field: 'code' });
      onAdded(code);
    } catch (error) {
      setState({ kind: 'error', error });
      setFocus({ field: (fieldOfProblem(error, FIELDS) as Field | undefined) ?? 'code' });
    }
  };

  const control = (field: Field, hint: boolean) => ({
    id: `${id}-${field}`,
    ref: inputs[field],
    value: values[field],
    onChange: (event: { target: { value: string } }) => {
      setValues((v) => ({ ...v, [field]: event.target.value }));
      // Changing a field takes back what was said of it: the message belonged to the value sent.
      setLocal(({ [field]: _, ...rest }) => rest);
      if (state.kind === 'error' && serverField === field) setState({ kind: 'idle' });
    },
    'aria-invalid': errors[field] ? true : undefined,
    'aria-describedby': [hint ? `${id}-${field}-hint` : '', errors[field] ? `${id}-${field}-error` : ''].filter(Boolean).join(' ') || undefined,
    autoComplete: 'off',
  });

  return (
    <form className="subcard form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <h3 id={`${id}-title`}>{title}</h3>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-code`}>
            {t('organisms.code')} <span className="required">{t('common.required')}</span>
          </label>
          <input {...control('code', true)} maxLength={9} spellCheck={false} />
          <p id={`${id}-code-hint`} className="hint">
            {t('organisms.codeHint')}
          </p>
          <FieldMessage id={`${id}-code-error`} messageKey={errors.code} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-name`}>
            {t('organisms.name')} <span className="required">{t('common.required')}</span>
          </label>
          <input {...control('name', false)} maxLength={NAME_MAX} />
          <FieldMessage id={`${id}-name-error`} messageKey={errors.name} />
        </div>
      </div>
      {state.kind === 'error' && !serverField ? <OrganismProblemAlert error={state.error} /> : null}
      <FormActions sending={state.kind === 'sending'} submitLabel={submitLabel} />
    </form>
  );
}
