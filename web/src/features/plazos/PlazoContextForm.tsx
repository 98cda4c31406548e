import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlazoContextRequest } from '@tramita/contracts';
import { useServices } from '../api/context.tsx';
import { FormField } from './FormField.tsx';
import { PlazoProblem } from './PlazoProblem.tsx';
import { COMMUNITIES, isIneCode, plazosPath, type CalendarContext, type FilePlazos } from './plazos.ts';
import { useFocusFirstError } from './use-focus-first-error.ts';

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
  const form = useRef<HTMLFormElement>(null);
  const refused = useFocusFirstError(form);
  const [community, setCommunity] = useState(calendar.residence?.community ?? '');
  const [municipality, setMunicipality] = useState(calendar.residence?.municipality ?? '');
  const [channel, setChannel] = useState<PlazoContextRequest['channel']>(calendar.channel);
  const [errors, setErrors] = useState<Partial<Record<'community' | 'municipality', string>>>({});
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const town = municipality.trim();
    const found: typeof errors = {};
    if (town && !community) found.community = t('plazos.context.communityFirst');
    if (town && !isIneCode(town)) found.municipality = t('calendars.municipalityInvalid');
    setErrors(found);
    if (Object.keys(found).length > 0) {
      refused();
      return;
    }
    const body: PlazoContextRequest = { residence: community ? { community, municipality: town || null } : null, channel };
    setSending(true);
    setFailure(null);
    try {
      const { data } = await api.json<FilePlazos>('PUT', `${plazosPath(code)}/context`, { body });
      setSending(false);
      onSaved(data);
    } catch (error) {
      setFailure(error);
      setSending(false);
    }
  };

  return (
    <form ref={form} className="subcard form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <h3 id={`${id}-title`}>{t('plazos.context.title')}</h3>
      <p className="hint">{t('plazos.context.explain')}</p>
      <div className="form-grid">
        <FormField id={`${id}-community`} label={t('plazos.context.community')} error={errors.community}>
          {(control) => (
            <select {...control} value={community} onChange={(e) => setCommunity(e.target.value)}>
              <option value="">{t('plazos.context.noResidence')}</option>
              {COMMUNITIES.map((c) => (
                <option key={c} value={c}>
                  {t(`calendars.communities.${c}`)}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField id={`${id}-municipality`} label={t('calendars.municipality')} hint={t('calendars.municipalityHint')} error={errors.municipality}>
          {(control) => (
            <input {...control} inputMode="numeric" maxLength={5} autoComplete="off" value={municipality} onChange={(e) => setMunicipality(e.target.value)} />
          )}
        </FormField>
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
      <p role="status" className="status-line">
        {sending ? t('common.saving') : ''}
      </p>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={sending}>
          {t('plazos.context.submit')}
        </button>
      </div>
    </form>
  );
}
