import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResumePlazoRequest } from '@tramita/contracts';
import { useServices } from '../api/context.tsx';
import { FormActions } from '../forms/FormActions.tsx';
import { FormField } from '../forms/FormField.tsx';
import { useFormSubmit } from '../forms/use-form-submit.ts';
import { NoteField } from './NoteField.tsx';
import { PlazoProblem } from './PlazoProblem.tsx';
import { NOTE_MAX, instantOf, localInput, plazoPath, type PlazoFormProps, zoneKey, type Suspension } from './plazos.ts';

interface Props extends PlazoFormProps {
  suspension: Suspension;
}

/** "Reanudar": an open suspension's cause ended (the requirement answered, the report received): when, and optionally how. */
export function ResumeForm({ code, plazo, suspension, timeZone, onDone, onCancel }: Props) {
  const { t } = useTranslation();
  const { api } = useServices();
  const id = useId();
  const { form, errors, check, sending, failure, send } = useFormSubmit<'endedAt' | 'note'>({ focusOnOpen: 'input' });
  const [endedAt, setEndedAt] = useState(() => localInput(new Date(), timeZone));
  const [note, setNote] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const instant = instantOf(endedAt, timeZone);
    const found: typeof errors = {};
    if (!instant) found.endedAt = t('plazos.forms.dateTimeRequired');
    if (note.trim().length > NOTE_MAX) found.note = t('plazos.forms.tooLong', { max: NOTE_MAX });
    if (!check(found) || !instant) return;
    const body: ResumePlazoRequest = { endedAt: instant, ...(note.trim() ? { note: note.trim() } : {}) };
    await send(() => api.json('POST', `${plazoPath(code, plazo.plazoId)}/suspensions/${encodeURIComponent(suspension.id)}/end`, { body }), onDone);
  };

  return (
    <form ref={form} className="subcard form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <h4 id={`${id}-title`}>{t('plazos.resume.title', { cause: suspension.causeLabel })}</h4>
      <FormField id={`${id}-to`} label={t('plazos.resume.endedAt')} required hint={t(`plazos.forms.zoneHint.${zoneKey(timeZone)}`)} error={errors.endedAt}>
        {(control) => <input {...control} type="datetime-local" value={endedAt} onChange={(e) => setEndedAt(e.target.value)} />}
      </FormField>
      <NoteField id={`${id}-note`} label={t('plazos.resume.note')} error={errors.note} value={note} onChange={setNote} />
      {failure ? <PlazoProblem error={failure} /> : null}
      <FormActions sending={sending} submitLabel={t('plazos.resume.submit')} onCancel={onCancel} />
    </form>
  );
}
