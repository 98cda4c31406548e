import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlazoContextRequest } from '@tramita/contracts';
import { useServices } from '../api/context.tsx';
import { FormActions } from '../forms/FormActions.tsx';
import { FormField } from '../forms/FormField.tsx';
import { useFormSubmit } from '../forms/use-form-submit.ts';
import { PlaceFields } from './PlaceFields.tsx';
import { PlazoProblem } from './PlazoProblem.tsx';
import { isIneCode, plazosPath, type CalendarContext, type FilePlazos } from './plazos.ts';

interface Props {
  code: string;
  calendar: CalendarContext;
  onSaved: (plazos: FilePlazos) => void;
}

/**
 * The interested party's residence and the channel: an act not done through the electronic
 * registry counts the holidays of the residence as well as the sede's (art. 30.6), so bpm
 * recomputes the plazos with them.
 */
export function PlazoContextForm({ code, calendar, onSaved }: Props) {
  const { t } = useTranslation();
  const { api } = useServices();
  const id = useId();
  const { form, errors, check, sending, failure, send } = useFormSubmit<'community' | 'municipality'>();
  const [community, setCommunity] = useState(calendar.residence?.community ?? '');
  const [municipality, setMunicipality] = useState(calendar.residence?.municipality ?? '');
  const [channel, setChannel] = useState<PlazoContextRequest['channel']>(calendar.channel);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const town = municipality.trim();
    const found: typeof errors = {};
    if (town && !community) found.community = t('plazos.context.communityFirst');
    if (town && !isIneCode(town)) found.municipality = t('calendars.municipalityInvalid');
    if (!check(found)) return;
    const body: PlazoContextRequest = { residence: community ? { community, municipality: town || null } : null, channel };
    await send(
      () => api.json<FilePlazos>('PUT', `${plazosPath(code)}/context`, { body }),
      ({ data }) => onSaved(data),
    );
  };

  return (
    <form ref={form} className="subcard form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <h3 id={`${id}-title`}>{t('plazos.context.title')}</h3>
      <p className="hint">{t('plazos.context.explain')}</p>
      <div className="form-grid">
        <PlaceFields
          id={id}
          communityLabel={t('plazos.context.community')}
          noCommunity={t('plazos.context.noResidence')}
          community={community}
          onCommunity={setCommunity}
          municipality={municipality}
          onMunicipality={setMunicipality}
          errors={errors}
        />
        <FormField id={`${id}-channel`} label={t('plazos.context.channel')}>
          {(control) => (
            <select {...control} value={channel} onChange={(e) => setChannel(e.target.value as PlazoContextRequest['channel'])}>
              <option value="ELECTRONIC">{t('plazos.channels.ELECTRONIC')}</option>
              <option value="PRESENTIAL">{t('plazos.channels.PRESENTIAL')}</option>
            </select>
          )}
        </FormField>
      </div>
      {failure ? <PlazoProblem error={failure} /> : null}
      <FormActions sending={sending} submitLabel={t('plazos.context.submit')} />
    </form>
  );
}
