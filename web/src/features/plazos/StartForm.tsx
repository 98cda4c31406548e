import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlazoStartRequest } from '@tramita/contracts';
import { useServices } from '../api/context.tsx';
import { FormField } from './FormField.tsx';
import { PlazoProblem } from './PlazoProblem.tsx';
import { instantOf, localInput, plazoPath, type Plazo, type SedeTimeZone, zoneKey } from './plazos.ts';
import { useFocusFirstError } from './use-focus-first-error.ts';

interface Props {
  code: string;
  plazo: Plazo;
  timeZone: SedeTimeZone;
  onDone: () => void;
  onCancel: () => void;
}

type Basis = PlazoStartRequest['basis'];

/** Art. 21.3.a counts a de oficio procedure from its acuerdo de iniciación; art. 21.3.b a solicitud from its entry in the competent body's registry. */
const BASES: readonly Basis[] = ['ACUERDO_INICIACION', 'ENTRADA_REGISTRO'];

const NOTE_MAX = 1000;

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
export function StartForm({ code, plazo, timeZone, onDone, onCancel }: Props) {
  const { t } = useTranslation();
  const { api } = useServices();
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  const refused = useFocusFirstError(form);
  const [startedAt, setStartedAt] = useState(() => localInput(new Date(plazo.startedAt), timeZone));
  const [basis, setBasis] = useState<Basis | ''>(() => basisOf(plazo));
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Partial<Record<'startedAt' | 'basis' | 'note', string>>>({});
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  useEffect(() => form.current?.querySelector<HTMLElement>('input')?.focus(), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const instant = instantOf(startedAt, timeZone);
    const found: typeof errors = {};
    if (!instant) found.startedAt = t('plazos.forms.dateTimeRequired');
    if (!basis) found.basis = t('plazos.start.basisRequired');
    if (!note.trim()) found.note = t('plazos.start.noteRequired');
    else if (note.trim().length > NOTE_MAX) found.note = t('plazos.forms.tooLong', { max: NOTE_MAX });
    setErrors(found);
    if (Object.keys(found).length > 0 || !instant || !basis) {
      refused();
      return;
    }
    const body: PlazoStartRequest = { startedAt: instant, basis, note: note.trim() };
    setSending(true);
    setFailure(null);
    try {
      await api.json('PUT', `${plazoPath(code, plazo.plazoId)}/start`, { body });
      onDone();
    } catch (error) {
      setFailure(error);
      setSending(false);
    }
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
      <FormField id={`${id}-note`} label={t('plazos.start.note')} required hint={t('plazos.start.noteHint')} error={errors.note}>
        {(control) => <textarea {...control} rows={2} maxLength={NOTE_MAX} value={note} onChange={(e) => setNote(e.target.value)} />}
      </FormField>
      {failure ? <PlazoProblem error={failure} /> : null}
      <p role="status" className="status-line">
        {sending ? t('common.saving') : ''}
      </p>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={sending}>
          {t('plazos.start.submit')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
