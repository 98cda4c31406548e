import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../api/context.tsx';
import { FormActions } from '../forms/FormActions.tsx';
import { FormField } from '../forms/FormField.tsx';
import { useFormSubmit } from '../forms/use-form-submit.ts';
import { PlazoProblem } from '../plazos/PlazoProblem.tsx';
import {
  MAX_DAYS,
  calendarPath,
  checkCorrection,
  currentLocal,
  type CalendarDataset,
  type CorrectionDraft,
  type CorrectionErrors,
  type DayRow,
  type OrganismCalendar,
} from './calendars.ts';

interface Props {
  organism: string;
  municipality: string | null;
  datasets: readonly CalendarDataset[];
  onSaved: (calendar: OrganismCalendar, year: number) => void;
}

let nextKey = 1;
const rowsOf = (dataset: CalendarDataset | undefined): DayRow[] => (dataset ? dataset.days.map((d) => ({ key: nextKey++, date: d.date, name: d.name })) : []);

/**
 * "Corregir calendario local": a new version of the organism's local holidays for a year — all its
 * days, starting from the current ones — with the bulletin that publishes them. It stays a draft
 * until a second administrator approves it; then open plazos are recomputed.
 */
export function CalendarCorrectionForm({ organism, municipality, datasets, onSaved }: Props) {
  const { t } = useTranslation();
  const { api } = useServices();
  const id = useId();
  const addButton = useRef<HTMLButtonElement>(null);
  const { form, refused, sending, failure, send } = useFormSubmit();
  const initialYear = new Date().getFullYear();
  const [draft, setDraft] = useState<CorrectionDraft>(() => ({
    year: String(initialYear),
    days: rowsOf(currentLocal(datasets, municipality, initialYear)),
    bulletin: '',
    reference: '',
    url: '',
    publishedOn: '',
  }));
  const [errors, setErrors] = useState<CorrectionErrors>({ days: {} });
  const [focusRow, setFocusRow] = useState<number | null>(null);

  // A new row takes the focus in its date.
  useEffect(() => {
    if (focusRow !== null) document.getElementById(`${id}-date-${focusRow}`)?.focus();
  }, [focusRow, id]);

  const setYear = (year: string) => {
    const n = Number(year);
    // A whole year typed: start from that year's current local days.
    setDraft((d) => ({ ...d, year, ...(/^\d{4}$/.test(year) ? { days: rowsOf(currentLocal(datasets, municipality, n)) } : {}) }));
  };
  const setRow = (key: number, field: 'date' | 'name', value: string) =>
    setDraft((d) => ({ ...d, days: d.days.map((r) => (r.key === key ? { ...r, [field]: value } : r)) }));
  const addRow = () => {
    const key = nextKey++;
    setDraft((d) => ({ ...d, days: [...d.days, { key, date: '', name: '' }] }));
    setFocusRow(key);
  };
  const removeRow = (key: number) => {
    setDraft((d) => ({ ...d, days: d.days.filter((r) => r.key !== key) }));
    addButton.current?.focus();
  };
  const set = (field: 'bulletin' | 'reference' | 'url' | 'publishedOn') => (event: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [field]: event.target.value }));
  const message = (key: string | undefined) => (key ? t(key) : undefined);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { errors: found, request } = checkCorrection(draft);
    setErrors(found);
    if (!request) {
      refused();
      return;
    }
    await send(
      () => api.json<OrganismCalendar>('POST', `${calendarPath(organism)}/corrections`, { body: request }),
      ({ data }) => onSaved(data, request.year),
    );
  };

  return (
    <form ref={form} className="card form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>{t('calendars.correction.title')}</h2>
      <p className="hint">{t('calendars.correction.explain')}</p>
      {municipality ? null : <p className="alert alert-info">{t('calendars.correction.noMunicipality')}</p>}
      <FormField id={`${id}-year`} label={t('calendars.correction.year')} required error={message(errors.year)}>
        {(control) => <input {...control} inputMode="numeric" maxLength={4} autoComplete="off" value={draft.year} onChange={(e) => setYear(e.target.value)} />}
      </FormField>
      <fieldset className="field">
        <legend className="label">{t('calendars.correction.days', { count: draft.days.length })}</legend>
        {draft.days.length === 0 ? <p className="muted">{t('calendars.correction.noDays')}</p> : null}
        <ol className="day-rows">
          {draft.days.map((row, index) => {
            const rowErrors = errors.days[row.key] ?? {};
            return (
              <li key={row.key} className="day-row">
                <FormField id={`${id}-date-${row.key}`} label={t('calendars.correction.date', { n: index + 1 })} error={message(rowErrors.date)}>
                  {(control) => <input {...control} type="date" value={row.date} onChange={(e) => setRow(row.key, 'date', e.target.value)} />}
                </FormField>
                <FormField id={`${id}-name-${row.key}`} label={t('calendars.correction.name', { n: index + 1 })} error={message(rowErrors.name)}>
                  {(control) => (
                    <input {...control} maxLength={200} autoComplete="off" value={row.name} onChange={(e) => setRow(row.key, 'name', e.target.value)} />
                  )}
                </FormField>
                <button
                  type="button"
                  className="button button-small"
                  aria-label={t('calendars.correction.removeNamed', { n: index + 1 })}
                  onClick={() => removeRow(row.key)}
                >
                  {t('calendars.correction.remove')}
                </button>
              </li>
            );
          })}
        </ol>
        {errors.daysCount ? <p className="field-error">{t(errors.daysCount, { max: MAX_DAYS })}</p> : null}
        <button ref={addButton} type="button" className="button button-small" onClick={addRow} disabled={draft.days.length >= MAX_DAYS}>
          {t('calendars.correction.add')}
        </button>
      </fieldset>
      <fieldset>
        <legend className="label">{t('calendars.correction.source')}</legend>
        <div className="form-grid">
          <FormField
            id={`${id}-bulletin`}
            label={t('calendars.correction.bulletin')}
            required
            hint={t('calendars.correction.bulletinHint')}
            error={message(errors.bulletin)}
          >
            {(control) => <input {...control} maxLength={20} autoComplete="off" value={draft.bulletin} onChange={set('bulletin')} />}
          </FormField>
          <FormField
            id={`${id}-reference`}
            label={t('calendars.correction.reference')}
            required
            hint={t('calendars.correction.referenceHint')}
            error={message(errors.reference)}
          >
            {(control) => <input {...control} maxLength={300} autoComplete="off" value={draft.reference} onChange={set('reference')} />}
          </FormField>
          <FormField id={`${id}-url`} label={t('calendars.correction.url')} error={message(errors.url)}>
            {(control) => <input {...control} type="url" autoComplete="off" value={draft.url} onChange={set('url')} />}
          </FormField>
          <FormField id={`${id}-published`} label={t('calendars.correction.publishedOn')} error={message(errors.publishedOn)}>
            {(control) => <input {...control} type="date" value={draft.publishedOn} onChange={set('publishedOn')} />}
          </FormField>
        </div>
      </fieldset>
      {failure ? <PlazoProblem error={failure} /> : null}
      <FormActions sending={sending} submitLabel={t('calendars.correction.submit')} />
    </form>
  );
}
