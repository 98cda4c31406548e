import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../api/context.tsx';
import { FormActions } from '../forms/FormActions.tsx';
import { useFormSubmit } from '../forms/use-form-submit.ts';
import { DocumentProblem } from './DocumentProblem.tsx';
import { documentPath, type DocumentItem } from './documents.ts';
import { checkEniDraft, draftOf, eniInputOf, type EniDraft, type EniField } from './eni-draft.ts';
import { EniFields } from './EniFields.tsx';

interface Props {
  document: DocumentItem;
  onSaved: (document: DocumentItem) => void;
  onCancel: () => void;
}

/** "Metadatos": the document's ENI metadata and folder stated again, as they stand now. */
export function MetadataForm({ document, onSaved, onCancel }: Props) {
  const { t } = useTranslation();
  const { api } = useServices();
  const id = useId();
  const { form, errors, check, sending, failure, send } = useFormSubmit<EniField>({ focusOnOpen: 'select' });
  const [draft, setDraft] = useState<EniDraft>(() => draftOf(document));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!check(checkEniDraft(draft, t))) return;
    const body = eniInputOf(draft);
    await send(() => api.json<DocumentItem>('PUT', `${documentPath(document.id)}/metadata`, { body }).then((r) => r.data), onSaved);
  };

  return (
    <form ref={form} className="subcard form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <h3 id={`${id}-title`}>{t('documents.metadata.title', { name: document.name })}</h3>
      <div className="form-grid">
        <EniFields id={id} draft={draft} errors={errors} onChange={setDraft} />
      </div>
      {failure ? <DocumentProblem error={failure} /> : null}
      <FormActions sending={sending} submitLabel={t('documents.metadata.submit')} onCancel={onCancel} />
    </form>
  );
}
