import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CodeName } from '../api/catalogues.ts';
import { CodeNameOptions } from '../api/CodeNameOptions.tsx';
import { useServices } from '../api/context.tsx';
import { SubmitFeedback } from '../api/SubmitFeedback.tsx';
import { useSubmitWithConflict } from '../api/use-submit-with-conflict.ts';
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
  const [description, setDescription] = useState(detail.description);
  const [initialOption, setInitialOption] = useState(detail.initialOption.code);
  const { state, send } = useSubmitWithConflict();

  const changes: { description?: string; initialOption?: string } = {};
  if (description !== detail.description) changes.description = description;
  if (initialOption && initialOption !== detail.initialOption.code) changes.initialOption = initialOption;
  const changed = Object.keys(changes).length > 0;
  const tooLong = description.length > MAX_DESCRIPTION_LENGTH;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!changed || tooLong) return;
    await send(
      () =>
        api.json('PATCH', `/api/files/${encodeURIComponent(detail.code)}`, {
          body: { ...changes, ...(detail.version ? { expectedVersion: detail.version } : {}) },
        }),
      onSaved,
    );
  };

  return (
    <form className="card form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>{t('detail.edit.title')}</h2>
      <div className="field">
        <label htmlFor={`${id}-option`}>{t('files.initialOption')}</label>
        <select id={`${id}-option`} value={initialOption} onChange={(e) => setInitialOption(e.target.value)}>
          {options.length === 0 && detail.initialOption ? <option value={detail.initialOption.code}>{detail.initialOption.name}</option> : null}
          <CodeNameOptions items={options} />
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
      <SubmitFeedback state={state} conflictMessage={t('detail.edit.conflict')} reloadLabel={t('detail.edit.reload')} onReload={onReload} />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={!changed || tooLong || state.kind === 'sending'}>
          {t('detail.edit.save')}
        </button>
      </div>
    </form>
  );
}
