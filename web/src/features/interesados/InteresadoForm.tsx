import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FormActions } from '../forms/FormActions.tsx';
import { useServices } from '../api/context.tsx';
import { useSubmitWithConflict } from '../api/use-submit-with-conflict.ts';
import {
  CHANNELS,
  checkDraft,
  draftOf,
  emptyDraft,
  FIELD_ORDER,
  fieldErrorsOf,
  inputOf,
  ROLES,
  type DraftField,
  type FieldErrors,
  type Interesado,
  type InteresadoDraft,
} from './interesados.ts';
import { ProblemAlert } from './ProblemAlert.tsx';

interface Props {
  code: string;
  /** The interesado being changed; none to add one. */
  editing?: Interesado;
  onSaved: () => void;
  onCancel: () => void;
  /** Reloads the list after a version conflict (the form then opens again on what is current). */
  onReload: () => void;
}

/**
 * Adds an interesado, or changes one with the version seen (a concurrent change is never
 * overwritten). What the chosen channel needs is told here; the NIF, NIE or CIF check digit is
 * verified by the files service, and its refusal shows by the field it is about.
 */
export function InteresadoForm({ code, editing, onSaved, onCancel, onReload }: Props) {
  const { t } = useTranslation();
  const { api } = useServices();
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState<InteresadoDraft>(() => (editing ? draftOf(editing) : emptyDraft()));
  const [local, setLocal] = useState<FieldErrors>({});
  const { state, send, reset } = useSubmitWithConflict();
  const server = state.kind === 'error' ? fieldErrorsOf(state.error) : { fields: {}, placed: false };
  const errors = Object.keys(local).length > 0 ? local : server.fields;
  const fieldId = (field: DraftField) => `${id}-${field}`;

  const focusFirst = (found: FieldErrors) => {
    const first = FIELD_ORDER.find((field) => found[field]);
    if (first) document.getElementById(fieldId(first))?.focus();
  };
  // The first field the server refused takes the focus, so its message is read at once.
  useEffect(() => {
    if (state.kind === 'error') focusFirst(fieldErrorsOf(state.error).fields);
  }, [state]);
  // Opening the form puts the focus in its first field.
  useEffect(() => {
    form.current?.querySelector<HTMLElement>('input, select')?.focus();
  }, []);

  const set = (field: DraftField) => (event: { target: { value: string } }) => setDraft((d) => ({ ...d, [field]: event.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = checkDraft(draft);
    setLocal(found);
    if (Object.keys(found).length > 0) {
      reset();
      focusFirst(found);
      return;
    }
    const base = `/api/files/${encodeURIComponent(code)}/interesados`;
    await send(
      () =>
        editing
          ? api.json('PATCH', `${base}/${encodeURIComponent(editing.id)}`, { body: { ...inputOf(draft), expectedVersion: editing.version } })
          : api.json('POST', base, { body: inputOf(draft) }),
      onSaved,
    );
  };

  const describedBy = (field: DraftField, hint = false) =>
    [hint ? `${fieldId(field)}-hint` : '', errors[field] ? `${fieldId(field)}-error` : ''].filter(Boolean).join(' ') || undefined;
  const control = (field: DraftField, hint = false) => ({
    id: fieldId(field),
    value: draft[field],
    onChange: set(field),
    'aria-invalid': errors[field] ? true : undefined,
    'aria-describedby': describedBy(field, hint),
  });
  const field = (name: DraftField, label: string, input: ReactNode, options: { required?: boolean; hint?: string } = {}) => (
    <div className="field">
      <label htmlFor={fieldId(name)}>
        {label} {options.required ? <span className="required">{t('common.required')}</span> : null}
      </label>
      {input}
      {options.hint ? (
        <p id={`${fieldId(name)}-hint`} className="hint">
          {options.hint}
        </p>
      ) : null}
      <FieldMessage id={`${fieldId(name)}-error`} error={errors[name]} />
    </div>
  );

  const title = editing ? t('interesados.form.editTitle', { name: editing.name }) : t('interesados.form.addTitle');
  return (
    <form ref={form} className="subcard form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <h3 id={`${id}-title`}>{title}</h3>
      <div className="form-grid">
        {field('document', t('interesados.document'), <input {...control('document', true)} autoComplete="off" spellCheck={false} />, {
          required: true,
          hint: t('interesados.form.documentHint'),
        })}
        {field('name', t('interesados.name'), <input {...control('name', true)} autoComplete="off" />, {
          required: true,
          hint: t('interesados.form.nameHint'),
        })}
        {field(
          'role',
          t('interesados.role'),
          <select {...control('role')}>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`interesados.roles.${role}`)}
              </option>
            ))}
          </select>,
        )}
        {field(
          'channel',
          t('interesados.channel'),
          <select {...control('channel', true)}>
            {CHANNELS.map((channel) => (
              <option key={channel} value={channel}>
                {t(`interesados.channels.${channel}`)}
              </option>
            ))}
          </select>,
          { hint: t('interesados.form.channelHint') },
        )}
        {field('email', t('interesados.email'), <input {...control('email')} type="email" autoComplete="off" />, { required: draft.channel === 'electronic' })}
        {field('phone', t('interesados.phone'), <input {...control('phone')} type="tel" autoComplete="off" />)}
      </div>
      <fieldset aria-describedby={`${id}-address-hint`}>
        <legend className="label">{t('interesados.address')}</legend>
        <p id={`${id}-address-hint`} className="hint">
          {t('interesados.form.addressHint')}
        </p>
        <div className="form-grid">
          {field('street', t('interesados.street'), <input {...control('street')} autoComplete="off" />, { required: draft.channel === 'postal' })}
          {field('postalCode', t('interesados.postalCode'), <input {...control('postalCode')} autoComplete="off" />, { required: draft.channel === 'postal' })}
          {field('municipality', t('interesados.municipality'), <input {...control('municipality')} autoComplete="off" />, {
            required: draft.channel === 'postal',
          })}
          {field('province', t('interesados.province'), <input {...control('province')} autoComplete="off" />)}
          {field('country', t('interesados.country'), <input {...control('country', true)} autoComplete="off" maxLength={2} />, {
            hint: t('interesados.form.countryHint'),
          })}
        </div>
      </fieldset>
      {server.placed ? (
        <p className="alert alert-error" role="alert">
          {t('interesados.form.reviewFields')}
        </p>
      ) : null}
      {state.kind === 'error' && !server.placed ? <ProblemAlert error={state.error} /> : null}
      {state.kind === 'conflict' ? (
        <div className="alert alert-warning" role="alert">
          <p>{t('interesados.form.conflict')}</p>
          <button type="button" className="button" onClick={onReload}>
            {t('interesados.form.reload')}
          </button>
        </div>
      ) : null}
      <FormActions sending={state.kind === 'sending'} submitLabel={editing ? t('interesados.form.save') : t('interesados.form.add')} onCancel={onCancel} />
    </form>
  );
}

/** A field's error: the sentence, then the server's exact reason when it gave one (in the server's language). */
function FieldMessage({ id, error }: { id: string; error: FieldErrors[DraftField] }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <p id={id} className="field-error">
      {t(error.key)}
      {error.detail ? (
        <>
          {' '}
          <span className="field-error-detail" lang="en">
            ({error.detail})
          </span>
        </>
      ) : null}
    </p>
  );
}
