import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../api/context.tsx';
import { FormActions } from '../forms/FormActions.tsx';
import { FormField } from '../forms/FormField.tsx';
import { useFormSubmit } from '../forms/use-form-submit.ts';
import { DocumentProblem } from './DocumentProblem.tsx';
import { addDocumentPath, postMultipart, type DocumentItem } from './documents.ts';
import { EMPTY_ENI_DRAFT, checkEniDraft, eniInputOf, type EniDraft, type EniField } from './eni-draft.ts';
import { EniFields } from './EniFields.tsx';

interface Props {
  code: string;
  onAdded: (document: DocumentItem) => void;
  onCancel: () => void;
}

/** "Añadir documento": the file and its ENI metadata; docs gives it its ENI identifier, its place in the índice and its CSV. */
export function AddDocumentForm({ code, onAdded, onCancel }: Props) {
  const { t } = useTranslation();
  const { api } = useServices();
  const id = useId();
  const { form, errors, check, sending, failure, send } = useFormSubmit<EniField | 'file'>({ focusOnOpen: 'input' });
  const [file, setFile] = useState<File | null>(null);
  const [draft, setDraft] = useState<EniDraft>(EMPTY_ENI_DRAFT);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: typeof errors = { ...(file ? {} : { file: t('documents.add.fileRequired') }), ...checkEniDraft(draft, t) };
    if (!check(found) || !file) return;
    const eni = eniInputOf(draft);
    // The ENI fields travel before the file: docs reads the form in one pass and needs them to store it.
    const fields = {
      tipoDocumental: eni.tipoDocumental,
      origen: eni.origen,
      estadoElaboracion: eni.estadoElaboracion,
      identificadorDocumentoOrigen: eni.identificadorDocumentoOrigen,
      folder: eni.folder,
    };
    await send(() => postMultipart<DocumentItem>(api, addDocumentPath(code), fields, file), onAdded);
  };

  return (
    <form ref={form} className="subcard form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <h3 id={`${id}-title`}>{t('documents.add.title')}</h3>
      <div className="form-grid">
        <FormField id={`${id}-file`} label={t('documents.add.file')} required hint={t('documents.add.fileHint')} error={errors.file}>
          {(control) => <input {...control} type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />}
        </FormField>
        <EniFields id={id} draft={draft} errors={errors} onChange={setDraft} />
      </div>
      {failure ? <DocumentProblem error={failure} /> : null}
      <FormActions sending={sending} submitLabel={t('documents.add.submit')} onCancel={onCancel} />
    </form>
  );
}
