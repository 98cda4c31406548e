import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormActions } from '../forms/FormActions.tsx';
import { useServices } from '../api/context.tsx';
import { FieldMessage } from './FieldMessage.tsx';
import { OrganismProblemAlert } from './OrganismProblemAlert.tsx';
import { fieldOfProblem, MEMBER_ROLES, organismPath, organismProblemKey, type CreateAccountBody, type Member, type Unit } from './organisms.ts';

type Field = 'username' | 'givenName' | 'familyName' | 'password' | 'roles' | 'units';
const FIELDS: readonly Field[] = ['username', 'givenName', 'familyName', 'password', 'roles', 'units'];
/** The password policy's shortest length, checked before sending; the server checks the rest and says which rule failed. */
export const MIN_PASSWORD_LENGTH = 12;

interface Props {
  organism: string;
  /** The organism's units: only the active ones may be given. */
  units: readonly Unit[];
  onSaved: (member: Member) => void;
  onCancel: () => void;
}

/**
 * Gives one of the organism's people an account (`POST …/accounts`): a login name of the
 * installation, their names, an initial password, at least one role and units among the active
 * ones. Their only membership is this organism. What only the server knows (a taken name, a weak
 * password) shows by the field it is about.
 */
export function AccountForm({ organism, units, onSaved, onCancel }: Props) {
  const { t } = useTranslation();
  const { api } = useServices();
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState({ username: '', givenName: '', familyName: '', password: '' });
  const [roles, setRoles] = useState<string[]>([]);
  const active = units.filter((unit) => unit.active);
  const [chosen, setChosen] = useState<string[]>([]);
  const [local, setLocal] = useState<Partial<Record<Field, string>>>({});
  const [state, setState] = useState<{ kind: 'idle' | 'sending' } | { kind: 'error'; error: unknown }>({ kind: 'idle' });
  const [focus, setFocus] = useState<{ field: Field } | null>(null);

  const serverField = state.kind === 'error' ? (fieldOfProblem(state.error, FIELDS) as Field | undefined) : undefined;
  const errors: Partial<Record<Field, string>> =
    Object.keys(local).length > 0 ? local : serverField && state.kind === 'error' ? { [serverField]: organismProblemKey(state.error) } : {};
  const errorId = (field: Field) => `${id}-${field}-error`;

  useEffect(() => {
    form.current?.querySelector<HTMLElement>('input')?.focus();
  }, []);
  useEffect(() => {
    if (!focus) return;
    const target = document.getElementById(`${id}-${focus.field}`);
    (target instanceof HTMLInputElement ? target : target?.querySelector<HTMLElement>('input'))?.focus();
  }, [focus]);

  const toggle = (list: string[], value: string, on: boolean) => (on ? [...list, value] : list.filter((item) => item !== value));
  const edited = (field: Field) => {
    setLocal(({ [field]: _, ...rest }) => rest);
    if (state.kind === 'error' && serverField === field) setState({ kind: 'idle' });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Partial<Record<Field, string>> = {};
    if (values.username.trim() === '') found.username = 'organisms.errors.usernameRequired';
    if (values.givenName.trim() === '') found.givenName = 'organisms.errors.givenNameRequired';
    if (values.familyName.trim() === '') found.familyName = 'organisms.errors.familyNameRequired';
    if (values.password.length < MIN_PASSWORD_LENGTH) found.password = 'organisms.errors.passwordShort';
    if (roles.length === 0) found.roles = 'organisms.errors.accountRolesRequired';
    setLocal(found);
    const first = FIELDS.find((field) => found[field]);
    if (first) {
      setState({ kind: 'idle' });
      setFocus({ field: first });
      return;
    }
    setState({ kind: 'sending' });
    try {
      const body = { ...values, username: values.username.trim(), roles, units: chosen } satisfies CreateAccountBody;
      const { data } = await api.json<Member>('POST', `${organismPath(organism)}/accounts`, { body });
      setState({ kind: 'idle' });
      onSaved(data);
    } catch (error) {
      setState({ kind: 'error', error });
      const field = fieldOfProblem(error, FIELDS) as Field | undefined;
      if (field) setFocus({ field });
    }
  };

  const text = (field: 'username' | 'givenName' | 'familyName' | 'password', hint?: string) => (
    <div className="field">
      <label htmlFor={`${id}-${field}`}>
        {t(`organisms.account.${field}`)} <span className="required">{t('common.required')}</span>
      </label>
      <input
        id={`${id}-${field}`}
        type={field === 'password' ? 'password' : 'text'}
        value={values[field]}
        onChange={(e) => {
          const value = e.target.value;
          setValues((current) => ({ ...current, [field]: value }));
          edited(field);
        }}
        autoComplete={field === 'password' ? 'new-password' : 'off'}
        spellCheck={false}
        maxLength={field === 'password' ? 256 : field === 'username' ? 32 : 100}
        aria-invalid={errors[field] ? true : undefined}
        aria-describedby={[hint ? `${id}-${field}-hint` : '', errors[field] ? errorId(field) : ''].filter(Boolean).join(' ') || undefined}
      />
      {hint ? (
        <p id={`${id}-${field}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <FieldMessage id={errorId(field)} messageKey={errors[field]} />
    </div>
  );

  return (
    <form
      ref={form}
      className="subcard form"
      onSubmit={(e) => void submit(e)}
      aria-labelledby={`${id}-title`}
      noValidate
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      <h3 id={`${id}-title`}>{t('organisms.account.title')}</h3>
      <p className="hint">{t('organisms.account.explain')}</p>
      {text('username', t('organisms.account.usernameHint'))}
      {text('givenName')}
      {text('familyName')}
      {text('password', t('organisms.account.passwordHint'))}
      <fieldset id={`${id}-roles`} className="field" aria-describedby={errors.roles ? errorId('roles') : undefined}>
        <legend className="label">
          {t('organisms.member.roles')} <span className="required">{t('organisms.member.rolesHint')}</span>
        </legend>
        <div className="checks">
          {MEMBER_ROLES.map((role) => (
            <label key={role} className="check">
              <input
                type="checkbox"
                checked={roles.includes(role)}
                aria-invalid={errors.roles ? true : undefined}
                onChange={(e) => {
                  setRoles((current) => toggle(current, role, e.target.checked));
                  edited('roles');
                }}
              />
              {t(`organisms.roles.${role}`)}
            </label>
          ))}
        </div>
        <FieldMessage id={errorId('roles')} messageKey={errors.roles} />
      </fieldset>
      <fieldset id={`${id}-units`} className="field" aria-describedby={[`${id}-units-hint`, errors.units ? errorId('units') : ''].filter(Boolean).join(' ')}>
        <legend className="label">{t('organisms.member.units')}</legend>
        <p id={`${id}-units-hint`} className="hint">
          {active.length > 0 ? t('organisms.member.unitsHint') : t('organisms.member.noUnits')}
        </p>
        {active.length > 0 ? (
          <div className="checks">
            {active.map((unit) => (
              <label key={unit.code} className="check">
                <input
                  type="checkbox"
                  checked={chosen.includes(unit.code)}
                  aria-invalid={errors.units ? true : undefined}
                  onChange={(e) => {
                    setChosen((current) => toggle(current, unit.code, e.target.checked));
                    edited('units');
                  }}
                />
                {unit.name} <span className="muted">({unit.code})</span>
              </label>
            ))}
          </div>
        ) : null}
        <FieldMessage id={errorId('units')} messageKey={errors.units} />
      </fieldset>
      {state.kind === 'error' && !serverField ? <OrganismProblemAlert error={state.error} /> : null}
      <FormActions sending={state.kind === 'sending'} submitLabel={t('organisms.account.create')} onCancel={onCancel} />
    </form>
  );
}
