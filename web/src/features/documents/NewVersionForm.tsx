import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../api/context.tsx';
import { FormActions } from '../forms/FormActions.tsx';
import { FormField } from '../forms/FormField.tsx';
import { useFormSubmit } from '../forms/use-form-submit.ts';
import { DocumentProblem } from './DocumentProblem.tsx';
import { documentPath, postMultipart, type DocumentItem } from './documents.ts';

interface Props {
  document: DocumentItem;
  onAdded: (document: DocumentItem) => void;
  onCancel: () => void;
}

/** "Nueva versión": new content for the document; the earlier versions, their hashes and CSVs stay in its history. */
export function NewVersionForm({ document, onAdded, onCancel }: Props) {
  const { t } = useTranslation();
  const { api } = useServices();
  const id = useId();
  const { form, errors, check, sending, failure, send } = useFormSubmit<'file'>({ focusOnOpen: 'input' });
  const [file, setFile] = useState<File | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!check(file ? {} : { file: t('documents.add.fileRequired') }) || !file) return;
    await send(() => postMultipart<DocumentItem>(api, `${documentPath(document.id)}/versions`, {}, file), onAdded);
  };

  return (
    <form ref={form} className="subcard form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <h3 id={`${id}-title`}>{t('documents.newVersion.title', { name: document.name })}</h3>
      <FormField id={`${id}-file`} label={t('documents.add.file')} required hint={t('documents.newVersion.hint')} error={errors.file}>
        {(control) => <input {...control} type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />}
      </FormField>
      {failure ? <DocumentProblem error={failure} /> : null}
      <FormActions sending={sending} submitLabel={t('documents.newVersion.submit')} onCancel={onCancel} />
    </form>
  );
}
