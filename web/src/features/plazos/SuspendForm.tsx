import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SuspendPlazoRequest, SuspensionCauseCode } from '@tramita/contracts';
import { useServices } from '../api/context.tsx';
import { FormField } from './FormField.tsx';
import { PlazoProblem } from './PlazoProblem.tsx';
import { SUSPENSION_CAUSES, codeKey, instantOf, localInput, plazoPath, type Plazo, type SedeTimeZone, zoneKey } from './plazos.ts';
import { useFocusFirstError } from './use-focus-first-error.ts';

interface Props {
  code: string;
  plazo: Plazo;
  timeZone: SedeTimeZone;
  onDone: () => void;
  onCancel: () => void;
}

const NOTE_MAX = 1000;

/** "Suspender": the legal cause (art. 22), when it began (default now, in the sede's zone) and the act that suspends. */
export function SuspendForm({ code, plazo, timeZone, onDone, onCancel }: Props) {
  const { t } = useTranslation();
  const { api } = useServices();
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  const refused = useFocusFirstError(form);
  const [cause, setCause] = useState<SuspensionCauseCode | ''>('');
  const [startedAt, setStartedAt] = useState(() => localInput(new Date(), timeZone));
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Partial<Record<'cause' | 'startedAt' | 'note', string>>>({});
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  useEffect(() => form.current?.querySelector<HTMLElement>('select')?.focus(), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const instant = instantOf(startedAt, timeZone);
    const found: typeof errors = {};
    if (!cause) found.cause = t('plazos.forms.causeRequired');
    if (!instant) found.startedAt = t('plazos.forms.dateTimeRequired');
    if (!note.trim()) found.note = t('plazos.forms.noteRequired');
    else if (note.trim().length > NOTE_MAX) found.note = t('plazos.forms.tooLong', { max: NOTE_MAX });
    setErrors(found);
    if (Object.keys(found).length > 0 || !cause || !instant) {
      refused();
      return;
    }
    const body: SuspendPlazoRequest = { cause, startedAt: instant, note: note.trim() };
    setSending(true);
    setFailure(null);
    try {
      await api.json('POST', `${plazoPath(code, plazo.plazoId)}/suspensions`, { body });
      onDone();
    } catch (error) {
      setFailure(error);
      setSending(false);
    }
  };

  return (
    <form ref={form} className="subcard form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <h4 id={`${id}-title`}>{t('plazos.suspend.title', { name: plazo.name })}</h4>
      <p className="hint">{t('plazos.suspend.explain')}</p>
      <FormField id={`${id}-cause`} label={t('plazos.suspend.cause')} required error={errors.cause}>
        {(control) => (
          <select {...control} value={cause} onChange={(e) => setCause(e.target.value as SuspensionCauseCode | '')}>
            <option value="">{t('plazos.suspend.chooseCause')}</option>
            {SUSPENSION_CAUSES.map((c) => (
              <option key={c} value={c}>
                {t('plazos.causeOption', { code: c, label: t(`plazos.causes.${codeKey(c)}`) })}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField
        id={`${id}-from`}
        label={t('plazos.suspend.startedAt')}
        required
        hint={t(`plazos.forms.zoneHint.${zoneKey(timeZone)}`)}
        error={errors.startedAt}
      >
        {(control) => <input {...control} type="datetime-local" value={startedAt} onChange={(e) => setStartedAt(e.target.value)} />}
      </FormField>
      <FormField id={`${id}-note`} label={t('plazos.suspend.note')} required hint={t('plazos.suspend.noteHint')} error={errors.note}>
        {(control) => <textarea {...control} rows={2} maxLength={NOTE_MAX} value={note} onChange={(e) => setNote(e.target.value)} />}
      </FormField>
      {failure ? <PlazoProblem error={failure} /> : null}
      <p role="status" className="status-line">
        {sending ? t('common.saving') : ''}
      </p>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={sending}>
          {t('plazos.suspend.submit')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
