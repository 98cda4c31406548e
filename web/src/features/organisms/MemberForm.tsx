import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormActions } from '../forms/FormActions.tsx';
import { useServices } from '../api/context.tsx';
import { FieldMessage } from './FieldMessage.tsx';
import { OrganismProblemAlert } from './OrganismProblemAlert.tsx';
import { fieldOfProblem, MEMBER_ROLES, organismPath, organismProblemKey, PLATFORM_ADMIN, type Member, type SetMemberBody, type Unit } from './organisms.ts';

type Field = 'username' | 'roles' | 'units';
const FIELDS: readonly Field[] = ['username', 'roles', 'units'];

interface Props {
  organism: string;
  /** The organism's units: only the active ones may be given. */
  units: readonly Unit[];
  /** The member whose roles and units change; none to add someone by their user name. */
  editing?: Member;
  onSaved: (member: Member) => void;
  onCancel: () => void;
}

/**
 * Gives a user roles and units in an organism (`PUT …/members/{username}`): at least one role,
 * units among the organism's active ones. What only the server knows (no such user, the last
 * administrator losing the role) shows by the field it is about.
 */
export function MemberForm({ organism, units, editing, onSaved, onCancel }: Props) {
  const { t } = useTranslation();
  const { api } = useServices();
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  const [username, setUsername] = useState(editing?.username ?? '');
  const [roles, setRoles] = useState<string[]>(editing?.roles ?? []);
  const active = units.filter((unit) => unit.active);
  const [chosen, setChosen] = useState<string[]>((editing?.units ?? []).filter((code) => active.some((unit) => unit.code === code)));
  const [local, setLocal] = useState<Partial<Record<Field, string>>>({});
  const [state, setState] = useState<{ kind: 'idle' | 'sending' } | { kind: 'error'; error: unknown }>({ kind: 'idle' });
  const [focus, setFocus] = useState<{ field: Field } | null>(null);
  // The platform's own administrators keep that role visible (and kept) when their other roles change.
  const offered: readonly string[] = editing?.roles.includes(PLATFORM_ADMIN) ? [PLATFORM_ADMIN, ...MEMBER_ROLES] : MEMBER_ROLES;

  const serverField = state.kind === 'error' ? (fieldOfProblem(state.error, editing ? ['roles', 'units'] : FIELDS) as Field | undefined) : undefined;
  const errors: Partial<Record<Field, string>> =
    Object.keys(local).length > 0 ? local : serverField && state.kind === 'error' ? { [serverField]: organismProblemKey(state.error) } : {};
  const errorId = (field: Field) => `${id}-${field}-error`;

  // Opening the form puts the focus in its first control; a refusal puts it in the field to fix.
  useEffect(() => {
    form.current?.querySelector<HTMLElement>('input')?.focus();
  }, []);
  useEffect(() => {
    if (focus) document.getElementById(`${id}-${focus.field}`)?.querySelector<HTMLElement>('input')?.focus();
  }, [focus]);

  const toggle = (list: string[], value: string, on: boolean) => (on ? [...list, value] : list.filter((item) => item !== value));
  // Changing a field takes back what was said of it: the message belonged to the value sent.
  const edited = (field: Field) => {
    setLocal(({ [field]: _, ...rest }) => rest);
    if (state.kind === 'error' && serverField === field) setState({ kind: 'idle' });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Partial<Record<Field, string>> = {};
    if (!editing && username.trim() === '') found.username = 'organisms.errors.usernameRequired';
    if (roles.length === 0) found.roles = 'organisms.problems.roles-required';
    setLocal(found);
    const first = FIELDS.find((field) => found[field]);
    if (first) {
      setState({ kind: 'idle' });
      setFocus({ field: first });
      return;
    }
    setState({ kind: 'sending' });
    try {
      const body = { roles, units: chosen } satisfies SetMemberBody;
      const who = editing?.username ?? username.trim();
      const { data } = await api.json<Member>('PUT', `${organismPath(organism)}/members/${encodeURIComponent(who)}`, { body });
      setState({ kind: 'idle' });
      onSaved(data);
    } catch (error) {
      setState({ kind: 'error', error });
      const field = fieldOfProblem(error, editing ? ['roles', 'units'] : FIELDS) as Field | undefined;
      if (field) setFocus({ field });
    }
  };

  const title = editing ? t('organisms.member.editTitle', { name: editing.displayName }) : t('organisms.member.addTitle');
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
      <h3 id={`${id}-title`}>{title}</h3>
      {editing ? null : (
        <div className="field" id={`${id}-username`}>
          <label htmlFor={`${id}-username-input`}>
            {t('organisms.member.username')} <span className="required">{t('common.required')}</span>
          </label>
          <input
            id={`${id}-username-input`}
            value={username}
            onChange={(e) => {
              setUsername(e.target.value);
              edited('username');
            }}
            autoComplete="off"
            spellCheck={false}
            maxLength={64}
            aria-invalid={errors.username ? true : undefined}
            aria-describedby={[`${id}-username-hint`, errors.username ? errorId('username') : ''].filter(Boolean).join(' ')}
          />
          <p id={`${id}-username-hint`} className="hint">
            {t('organisms.member.usernameHint')}
          </p>
          <FieldMessage id={errorId('username')} messageKey={errors.username} />
        </div>
      )}
      <fieldset id={`${id}-roles`} className="field" aria-describedby={errors.roles ? errorId('roles') : undefined}>
        <legend className="label">
          {t('organisms.member.roles')} <span className="required">{t('organisms.member.rolesHint')}</span>
        </legend>
        <div className="checks">
          {offered.map((role) => (
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
      <FormActions sending={state.kind === 'sending'} submitLabel={editing ? t('organisms.member.save') : t('organisms.member.add')} onCancel={onCancel} />
    </form>
  );
}
