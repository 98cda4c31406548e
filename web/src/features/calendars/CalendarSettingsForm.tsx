import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../api/context.tsx';
import { FormField } from '../plazos/FormField.tsx';
import { PlazoProblem } from '../plazos/PlazoProblem.tsx';
import { COMMUNITIES, isIneCode } from '../plazos/plazos.ts';
import { useFocusFirstError } from '../plazos/use-focus-first-error.ts';
import { TIME_ZONES, calendarPath, type OrganismCalendar, type Settings } from './calendars.ts';

interface Props {
  organism: string;
  settings: Settings;
  onSaved: (calendar: OrganismCalendar) => void;
}

/** The organism's seat (community and municipality) and zone: they decide which regional and local holidays are inhábiles (art. 30.7). */
export function CalendarSettingsForm({ organism, settings, onSaved }: Props) {
  const { t } = useTranslation();
  const { api } = useServices();
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  const refused = useFocusFirstError(form);
  const [community, setCommunity] = useState(settings.community);
  const [municipality, setMunicipality] = useState(settings.municipality ?? '');
  const [timeZone, setTimeZone] = useState<Settings['timeZone']>(settings.timeZone);
  const [error, setError] = useState<string | undefined>(undefined);
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const town = municipality.trim();
    if (town && !isIneCode(town)) {
      setError(t('calendars.municipalityInvalid'));
      refused();
      return;
    }
    setError(undefined);
    const body: Settings = { community, municipality: town || null, timeZone };
    setSending(true);
    setFailure(null);
    try {
      const { data } = await api.json<OrganismCalendar>('PUT', `${calendarPath(organism)}/settings`, { body });
      setSending(false);
      onSaved(data);
    } catch (e) {
      setFailure(e);
      setSending(false);
    }
  };

  return (
    <form ref={form} className="card form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>{t('calendars.settings.title')}</h2>
      <p className="hint">{t('calendars.settings.explain')}</p>
      <div className="form-grid">
        <FormField id={`${id}-community`} label={t('calendars.community')} required>
          {(control) => (
            <select {...control} value={community} onChange={(e) => setCommunity(e.target.value)}>
              {COMMUNITIES.map((c) => (
                <option key={c} value={c}>
                  {t(`calendars.communities.${c}`)}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField id={`${id}-municipality`} label={t('calendars.municipality')} hint={t('calendars.municipalityHint')} error={error}>
          {(control) => (
            <input {...control} inputMode="numeric" maxLength={5} autoComplete="off" value={municipality} onChange={(e) => setMunicipality(e.target.value)} />
          )}
        </FormField>
        <FormField id={`${id}-zone`} label={t('calendars.timeZone')} required>
          {(control) => (
            <select {...control} value={timeZone} onChange={(e) => setTimeZone(e.target.value as Settings['timeZone'])}>
              {TIME_ZONES.map((zone) => (
                <option key={zone} value={zone}>
                  {t(`calendars.zones.${zone === 'Atlantic/Canary' ? 'canary' : 'madrid'}`)}
                </option>
              ))}
            </select>
          )}
        </FormField>
      </div>
      {failure ? <PlazoProblem error={failure} /> : null}
      <p role="status" className="status-line">
        {sending ? t('common.saving') : ''}
      </p>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={sending}>
          {t('calendars.settings.submit')}
        </button>
      </div>
    </form>
  );
}
