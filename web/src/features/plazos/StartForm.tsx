import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlazoStartRequest } from '@tramita/contracts';
import { useServices } from '../api/context.tsx';
import { FormActions } from '../forms/FormActions.tsx';
import { FormField } from '../forms/FormField.tsx';
import { useFormSubmit } from '../forms/use-form-submit.ts';
import { NoteField } from './NoteField.tsx';
import { PlazoProblem } from './PlazoProblem.tsx';
import { NOTE_MAX, instantOf, localInput, plazoPath, type Plazo, type PlazoFormProps, zoneKey } from './plazos.ts';

type Basis = PlazoStartRequest['basis'];

/** Art. 21.3.a counts a de oficio procedure from its acuerdo de iniciación; art. 21.3.b a solicitud from its entry in the competent body's registry. */
const BASES: readonly Basis[] = ['ACUERDO_INICIACION', 'ENTRADA_REGISTRO'];

/** The basis the procedure's initiation points to, so the usual answer is already chosen (none when the procedure does not say). */
function basisOf(plazo: Plazo): Basis | '' {
  if (plazo.initiation === 'OFICIO') return 'ACUERDO_INICIACION';
  if (plazo.initiation === 'SOLICITUD') return 'ENTRADA_REGISTRO';
  return '';
}

/**
 * "Fecha de inicio del cómputo": the dies a quo of the maximum plazo (art. 21.3), when it is not
 * the entry this expediente was opened from — the acuerdo de iniciación, or the solicitud's entry
 * in the competent body's registry. The instant is the sede's wall clock; bpm recounts the plazo.
 */
export function StartForm({ code, plazo, timeZone, onDone, onCancel }: PlazoFormProps) {
  const { t } = useTranslation();
  const { api } = useServices();
  const id = useId();
  const { form, errors, check, sending, failure, send } = useFormSubmit<'startedAt' | 'basis' | 'note'>({ focusOnOpen: 'input' });
  const [startedAt, setStartedAt] = useState(() => localInput(new Date(plazo.startedAt), timeZone));
  const [basis, setBasis] = useState<Basis | ''>(() => basisOf(plazo));
  const [note, setNote] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const instant = instantOf(startedAt, timeZone);
    const found: typeof errors = {};
    if (!instant) found.startedAt = t('plazos.forms.dateTimeRequired');
    if (!basis) found.basis = t('plazos.start.basisRequired');
    if (!note.trim()) found.note = t('plazos.start.noteRequired');
    else if (note.trim().length > NOTE_MAX) found.note = t('plazos.forms.tooLong', { max: NOTE_MAX });
    if (!check(found) || !instant || !basis) return;
    const body: PlazoStartRequest = { startedAt: instant, basis, note: note.trim() };
    await send(() => api.json('PUT', `${plazoPath(code, plazo.plazoId)}/start`, { body }), onDone);
  };

  return (
    <form ref={form} className="subcard form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <h4 id={`${id}-title`}>{t('plazos.start.title', { name: plazo.name })}</h4>
      <p className="hint">{t('plazos.start.explain')}</p>
      <FormField id={`${id}-at`} label={t('plazos.start.startedAt')} required hint={t(`plazos.forms.zoneHint.${zoneKey(timeZone)}`)} error={errors.startedAt}>
        {(control) => <input {...control} type="datetime-local" value={startedAt} onChange={(e) => setStartedAt(e.target.value)} />}
      </FormField>
      <fieldset className="field" aria-describedby={errors.basis ? `${id}-basis-error` : undefined}>
        <legend className="label">
          {t('plazos.start.basis')} <span className="required">{t('common.required')}</span>
        </legend>
        <div className="checks checks-column">
          {BASES.map((value) => (
            <label key={value} className="check">
              <input
                type="radio"
                name={`${id}-basis`}
                value={value}
                checked={basis === value}
                aria-invalid={errors.basis ? true : undefined}
                onChange={() => setBasis(value)}
              />
              {t(`plazos.start.bases.${value}`)}
            </label>
          ))}
        </div>
        {errors.basis ? (
          <p id={`${id}-basis-error`} className="field-error">
            {errors.basis}
          </p>
        ) : null}
      </fieldset>
      <NoteField
        id={`${id}-note`}
        label={t('plazos.start.note')}
        required
        hint={t('plazos.start.noteHint')}
        error={errors.note}
        value={note}
        onChange={setNote}
      />
      {failure ? <PlazoProblem error={failure} /> : null}
      <FormActions sending={sending} submitLabel={t('plazos.start.submit')} onCancel={onCancel} />
    </form>
  );
}
