import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CodeName } from '../api/catalogues.ts';
import { useServices } from '../api/context.tsx';
import { ErrorMessage } from '../api/ErrorMessage.tsx';
import { ApiError } from '../api/problem.ts';
import { MAX_DESCRIPTION_LENGTH } from '../file-create/create-form.ts';
import type { FileDetail } from './detail.ts';

interface Props {
  detail: FileDetail;
  options: CodeName[];
  onSaved: () => void;
  onReload: () => void;
}

/** Description and initial option, saved with the version seen: a concurrent change is never overwritten. */
export function EditFileForm({ detail, options, onSaved, onReload }: Props) {
  const { t } = useTranslation();
  const { api } = useServices();
  const id = useId();
  const [description, setDescription] = useState(detail.description ?? '');
  const [initialOption, setInitialOption] = useState(detail.initialOption?.code ?? '');
  const [state, setState] = useState<{ kind: 'idle' | 'saving' | 'saved' | 'conflict' } | { kind: 'error'; error: unknown }>({ kind: 'idle' });

  const changes: { description?: string; initialOption?: string } = {};
  if (description !== (detail.description ?? '')) changes.description = description;
  if (initialOption && initialOption !== detail.initialOption?.code) changes.initialOption = initialOption;
  const changed = Object.keys(changes).length > 0;
  const tooLong = description.length > MAX_DESCRIPTION_LENGTH;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!changed || tooLong) return;
    setState({ kind: 'saving' });
    try {
      await api.json('PATCH', `/api/files/${encodeURIComponent(detail.code)}`, {
        body: { ...changes, ...(detail.version ? { expectedVersion: detail.version } : {}) },
      });
      setState({ kind: 'saved' });
      onSaved();
    } catch (error) {
      setState(error instanceof ApiError && error.code === 'version-conflict' ? { kind: 'conflict' } : { kind: 'error', error });
    }
  };

  return (
    <form className="card form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>{t('detail.edit.title')}</h2>
      <div className="field">
        <label htmlFor={`${id}-option`}>{t('files.initialOption')}</label>
        <select id={`${id}-option`} value={initialOption} onChange={(e) => setInitialOption(e.target.value)}>
          {options.length === 0 && detail.initialOption ? <option value={detail.initialOption.code}>{detail.initialOption.name}</option> : null}
          {options.map((o) => (
            <option key={o.code} value={o.code}>
              {o.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-description`}>{t('files.description')}</label>
        <textarea
          id={`${id}-description`}
          rows={4}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          aria-invalid={tooLong || undefined}
          aria-describedby={tooLong ? `${id}-description-error` : undefined}
        />
        {tooLong ? (
          <p id={`${id}-description-error`} className="field-error">
            {t('create.errors.descriptionTooLong')}
          </p>
        ) : null}
      </div>
      {state.kind === 'conflict' ? (
        <div className="alert alert-warning" role="alert">
          <p>{t('detail.edit.conflict')}</p>
          <button type="button" className="button" onClick={onReload}>
            {t('detail.edit.reload')}
          </button>
        </div>
      ) : null}
      {state.kind === 'error' ? <ErrorMessage error={state.error} /> : null}
      <p role="status" className="status-line">
        {state.kind === 'saving' ? t('common.saving') : ''}
      </p>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={!changed || tooLong || state.kind === 'saving'}>
          {t('detail.edit.save')}
        </button>
      </div>
    </form>
  );
}
