import { useTranslation } from 'react-i18next';
import { FormField } from '../forms/FormField.tsx';
import { COMMUNITIES } from './plazos.ts';

interface Props {
  /** The form's id: the controls are `${id}-community` and `${id}-municipality`. */
  id: string;
  communityLabel: string;
  /** The first choice, meaning "no community"; none when one must be chosen. */
  noCommunity?: string;
  community: string;
  onCommunity: (community: string) => void;
  municipality: string;
  onMunicipality: (municipality: string) => void;
  errors: { community?: string | undefined; municipality?: string | undefined };
}

/** A place whose holidays count (art. 30.6 and 30.7): its autonomous community and, optionally, its municipality by INE code. */
export function PlaceFields({ id, communityLabel, noCommunity, community, onCommunity, municipality, onMunicipality, errors }: Props) {
  const { t } = useTranslation();
  return (
    <>
      <FormField id={`${id}-community`} label={communityLabel} required={noCommunity === undefined} error={errors.community}>
        {(control) => (
          <select {...control} value={community} onChange={(e) => onCommunity(e.target.value)}>
            {noCommunity === undefined ? null : <option value="">{noCommunity}</option>}
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
          <input {...control} inputMode="numeric" maxLength={5} autoComplete="off" value={municipality} onChange={(e) => onMunicipality(e.target.value)} />
        )}
      </FormField>
    </>
  );
}
