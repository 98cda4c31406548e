import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResumePlazoRequest } from '@tramita/contracts';
import { useServices } from '../api/context.tsx';
import { FormField } from './FormField.tsx';
import { PlazoProblem } from './PlazoProblem.tsx';
import { instantOf, localInput, plazoPath, type Plazo, type SedeTimeZone, zoneKey, type Suspension } from './plazos.ts';
import { useFocusFirstError } from './use-focus-first-error.ts';

interface Props {
  code: string;
  plazo: Plazo;
  suspension: Suspension;
  timeZone: SedeTimeZone;
  onDone: () => void;
  onCancel: () => void;
}

const NOTE_MAX = 1000;

/** "Reanudar": an open suspension's cause ended (the requirement answered, the report received): when, and optionally how. */
export function ResumeForm({ code, plazo, suspension, timeZone, onDone, onCancel }: Props) {
  const { t } = useTranslation();
  const { api } = useServices();
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  const refused = useFocusFirstError(form);
  const [endedAt, setEndedAt] = useState(() => localInput(new Date(), timeZone));
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Partial<Record<'endedAt' | 'note', string>>>({});
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  useEffect(() => form.current?.querySelector<HTMLElement>('input')?.focus(), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const instant = instantOf(endedAt, timeZone);
    const found: typeof errors = {};
    if (!instant) found.endedAt = t('plazos.forms.dateTimeRequired');
    if (note.trim().length > NOTE_MAX) found.note = t('plazos.forms.tooLong', { max: NOTE_MAX });
    setErrors(found);
    if (Object.keys(found).length > 0 || !instant) {
      refused();
      return;
    }
    const body: ResumePlazoRequest = { endedAt: instant, ...(note.trim() ? { note: note.trim() } : {}) };
    setSending(true);
    setFailure(null);
    try {
      await api.json('POST', `${plazoPath(code, plazo.plazoId)}/suspensions/${encodeURIComponent(suspension.id)}/end`, { body });
      onDone();
    } catch (error) {
      setFailure(error);
      setSending(false);
    }
  };

  return (
    <form ref={form} className="subcard form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <h4 id={`${id}-title`}>{t('plazos.resume.title', { cause: suspension.causeLabel })}</h4>
      <FormField id={`${id}-to`} label={t('plazos.resume.endedAt')} required hint={t(`plazos.forms.zoneHint.${zoneKey(timeZone)}`)} error={errors.endedAt}>
        {(control) => <input {...control} type="datetime-local" value={endedAt} onChange={(e) => setEndedAt(e.target.value)} />}
      </FormField>
      <FormField id={`${id}-note`} label={t('plazos.resume.note')} error={errors.note}>
        {(control) => <textarea {...control} rows={2} maxLength={NOTE_MAX} value={note} onChange={(e) => setNote(e.target.value)} />}
      </FormField>
      {failure ? <PlazoProblem error={failure} /> : null}
      <p role="status" className="status-line">
        {sending ? t('common.saving') : ''}
      </p>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={sending}>
          {t('plazos.resume.submit')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
