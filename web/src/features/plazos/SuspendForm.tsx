import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SuspendPlazoRequest, SuspensionCauseCode } from '@tramita/contracts';
import { useServices } from '../api/context.tsx';
import { FormActions } from '../forms/FormActions.tsx';
import { FormField } from '../forms/FormField.tsx';
import { useFormSubmit } from '../forms/use-form-submit.ts';
import { NoteField } from './NoteField.tsx';
import { PlazoProblem } from './PlazoProblem.tsx';
import { NOTE_MAX, causesFor, codeKey, instantOf, localInput, plazoPath, type PlazoFormProps, zoneKey } from './plazos.ts';

/** "Suspender": the legal cause (art. 22, or 25.2 de oficio), when it began (default now, in the sede's zone) and the act that suspends. */
export function SuspendForm({ code, plazo, timeZone, onDone, onCancel }: PlazoFormProps) {
  const { t } = useTranslation();
  const { api } = useServices();
  const id = useId();
  const { form, errors, check, sending, failure, send } = useFormSubmit<'cause' | 'startedAt' | 'note'>({ focusOnOpen: 'select' });
  const [cause, setCause] = useState<SuspensionCauseCode | ''>('');
  const [startedAt, setStartedAt] = useState(() => localInput(new Date(), timeZone));
  const [note, setNote] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const instant = instantOf(startedAt, timeZone);
    const found: typeof errors = {};
    if (!cause) found.cause = t('plazos.forms.causeRequired');
    if (!instant) found.startedAt = t('plazos.forms.dateTimeRequired');
    if (!note.trim()) found.note = t('plazos.forms.noteRequired');
    else if (note.trim().length > NOTE_MAX) found.note = t('plazos.forms.tooLong', { max: NOTE_MAX });
    if (!check(found) || !cause || !instant) return;
    const body: SuspendPlazoRequest = { cause, startedAt: instant, note: note.trim() };
    await send(() => api.json('POST', `${plazoPath(code, plazo.plazoId)}/suspensions`, { body }), onDone);
  };

  return (
    <form ref={form} className="subcard form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <h4 id={`${id}-title`}>{t('plazos.suspend.title', { name: plazo.name })}</h4>
      <p className="hint">{t('plazos.suspend.explain')}</p>
      <FormField id={`${id}-cause`} label={t('plazos.suspend.cause')} required error={errors.cause}>
        {(control) => (
          <select {...control} value={cause} onChange={(e) => setCause(e.target.value as SuspensionCauseCode | '')}>
            <option value="">{t('plazos.suspend.chooseCause')}</option>
            {causesFor(plazo).map((c) => (
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
      <NoteField
        id={`${id}-note`}
        label={t('plazos.suspend.note')}
        required
        hint={t('plazos.suspend.noteHint')}
        error={errors.note}
        value={note}
        onChange={setNote}
      />
      {failure ? <PlazoProblem error={failure} /> : null}
      <FormActions sending={sending} submitLabel={t('plazos.suspend.submit')} onCancel={onCancel} />
    </form>
  );
}
