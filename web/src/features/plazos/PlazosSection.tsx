import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../api/context.tsx';
import { ApiError } from '../api/problem.ts';
import { useLoad } from '../api/use-load.ts';
import { PlazoCard } from './PlazoCard.tsx';
import { PlazoContextForm } from './PlazoContextForm.tsx';
import { PlazoProblem } from './PlazoProblem.tsx';
import { plazosPath, zoneKey, type FilePlazos } from './plazos.ts';

interface Props {
  code: string;
  /** Whether the caller may state the interested party's residence and channel (the server checks it again). */
  canEditContext: boolean;
}

/**
 * "Plazos": every plazo of the expediente (the maximum to resolve and notify, art. 21, and the
 * trámites' plazos) with its due date, the time left and how it was computed, in the calendar of
 * the sede (and of the residence under art. 30.6).
 */
export function PlazosSection({ code, canEditContext }: Props) {
  const { t } = useTranslation();
  const { api } = useServices();
  const path = plazosPath(code);
  const [plazos, reload, set] = useLoad<FilePlazos>(path, (signal) => api.get<FilePlazos>(path, signal));
  const [notice, setNotice] = useState('');
  const notComputed = plazos.state === 'error' && plazos.error instanceof ApiError && plazos.error.status === 404;

  return (
    <section className="card" aria-labelledby="plazos-heading">
      <h2 id="plazos-heading">{t('plazos.title')}</h2>
      <p role="status" className={notice ? 'alert alert-success' : 'visually-hidden'}>
        {notice}
      </p>
      {plazos.state === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
      {notComputed ? <p className="empty">{t('plazos.none')}</p> : null}
      {plazos.state === 'error' && !notComputed ? (
        <>
          <PlazoProblem error={plazos.error} />
          <button type="button" className="button button-small" onClick={reload}>
            {t('common.retry')}
          </button>
        </>
      ) : null}
      {plazos.state === 'ready' ? (
        <>
          <p className="hint">
            {t('plazos.calendarSummary', {
              seat: [
                t(`calendars.communities.${plazos.data.calendar.seat.community}`, { defaultValue: plazos.data.calendar.seat.community }),
                plazos.data.calendar.seat.municipality,
              ]
                .filter(Boolean)
                .join(' · '),
              residence: plazos.data.calendar.residence
                ? [
                    t(`calendars.communities.${plazos.data.calendar.residence.community}`, { defaultValue: plazos.data.calendar.residence.community }),
                    plazos.data.calendar.residence.municipality,
                  ]
                    .filter(Boolean)
                    .join(' · ')
                : t('plazos.context.noResidence'),
              channel: t(`plazos.channels.${plazos.data.calendar.channel}`),
              zone: t(`plazos.zones.${zoneKey(plazos.data.calendar.timeZone)}`),
            })}
          </p>
          {plazos.data.items.length === 0 ? <p className="empty">{t('plazos.none')}</p> : null}
          {plazos.data.items.map((plazo) => (
            <PlazoCard
              key={plazo.plazoId}
              code={code}
              plazo={plazo}
              timeZone={plazos.data.calendar.timeZone}
              onChanged={(messageKey, changed) => {
                setNotice(t(messageKey, { name: changed.name }));
                reload();
              }}
            />
          ))}
          {canEditContext ? (
            <PlazoContextForm
              key={JSON.stringify(plazos.data.calendar)}
              code={code}
              calendar={plazos.data.calendar}
              onSaved={(data) => {
                set(data);
                setNotice(t('plazos.context.saved'));
              }}
            />
          ) : null}
        </>
      ) : null}
    </section>
  );
}
