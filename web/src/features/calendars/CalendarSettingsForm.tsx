import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../api/context.tsx';
import { FormActions } from '../forms/FormActions.tsx';
import { FormField } from '../forms/FormField.tsx';
import { useFormSubmit } from '../forms/use-form-submit.ts';
import { PlazoProblem } from '../plazos/PlazoProblem.tsx';
import { PlaceFields } from '../plazos/PlaceFields.tsx';
import { isIneCode } from '../plazos/plazos.ts';
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
  const { form, errors, check, sending, failure, send } = useFormSubmit<'municipality'>();
  const [community, setCommunity] = useState(settings.community);
  const [municipality, setMunicipality] = useState(settings.municipality ?? '');
  const [timeZone, setTimeZone] = useState<Settings['timeZone']>(settings.timeZone);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const town = municipality.trim();
    if (!check(town && !isIneCode(town) ? { municipality: t('calendars.municipalityInvalid') } : {})) return;
    const body: Settings = { community, municipality: town || null, timeZone };
    await send(
      () => api.json<OrganismCalendar>('PUT', `${calendarPath(organism)}/settings`, { body }),
      ({ data }) => onSaved(data),
    );
  };

  return (
    <form ref={form} className="card form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>{t('calendars.settings.title')}</h2>
      <p className="hint">{t('calendars.settings.explain')}</p>
      <div className="form-grid">
        <PlaceFields
          id={id}
          communityLabel={t('calendars.community')}
          community={community}
          onCommunity={setCommunity}
          municipality={municipality}
          onMunicipality={setMunicipality}
          errors={errors}
        />
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
      <FormActions sending={sending} submitLabel={t('calendars.settings.submit')} />
    </form>
  );
}
