import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useServices } from '../api/context.tsx';
import { useLoad } from '../api/use-load.ts';
import { PlazoProblem } from '../plazos/PlazoProblem.tsx';
import { CalendarCorrectionForm } from './CalendarCorrectionForm.tsx';
import { CalendarCoverage } from './CalendarCoverage.tsx';
import { CalendarSettingsForm } from './CalendarSettingsForm.tsx';
import { awaitsApproval, calendarPath, publicCalendarLinks, type CalendarDataset, type OrganismCalendar } from './calendars.ts';

/**
 * An organism's calendar of días inhábiles, for its administrators: its seat, the datasets that
 * make it (shipped with Tramita or corrected by the organism, each with its bulletins and whether
 * it is verified), whether this year's and next year's are ready, local corrections and their
 * approval by a second administrator, and the public calendars the sede publishes (art. 31.3).
 */
export function CalendarPage() {
  const { t } = useTranslation();
  const { api } = useServices();
  const { code = '' } = useParams();
  const path = calendarPath(code);
  const [calendar, reload, set] = useLoad<OrganismCalendar>(path, (signal) => api.get<OrganismCalendar>(path, signal));
  const [notice, setNotice] = useState('');
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  // A saved correction empties the form for the next one.
  const [corrections, setCorrections] = useState(0);
  const year = new Date().getFullYear();

  const approve = async (dataset: CalendarDataset) => {
    const key = `${dataset.year}/${dataset.version}`;
    setBusy(key);
    setNotice('');
    setFailure(null);
    try {
      const { data } = await api.json<OrganismCalendar>('POST', `${path}/corrections/${dataset.year}/${dataset.version}/approve`);
      set(data);
      setNotice(t('calendars.datasets.approved', { year: dataset.year, version: dataset.version }));
    } catch (error) {
      setFailure(error);
    }
    setBusy(null);
  };

  return (
    <>
      <div className="page-head">
        <h1 tabIndex={-1}>{t('calendars.title', { code })}</h1>
        <Link className="button" to={`/organismos/${encodeURIComponent(code)}`}>
          {t('calendars.back')}
        </Link>
      </div>
      <p className="hint page-intro">{t('calendars.intro')}</p>
      <p role="status" className={notice ? 'alert alert-success' : 'visually-hidden'}>
        {notice}
      </p>
      {failure ? <PlazoProblem error={failure} /> : null}
      {calendar.state === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
      {calendar.state === 'error' ? (
        <>
          <PlazoProblem error={calendar.error} />
          <button type="button" className="button" onClick={reload}>
            {t('common.retry')}
          </button>
        </>
      ) : null}
      {calendar.state === 'ready' ? (
        <>
          {calendar.data.configured ? null : <p className="alert alert-info">{t('calendars.notConfigured')}</p>}
          {calendar.data.canManage ? (
            <CalendarSettingsForm
              key={JSON.stringify(calendar.data.settings)}
              organism={code}
              settings={calendar.data.settings}
              onSaved={(data) => {
                set(data);
                setNotice(t('calendars.settings.saved'));
              }}
            />
          ) : (
            <section className="card" aria-labelledby="seat-heading">
              <h2 id="seat-heading">{t('calendars.settings.title')}</h2>
              <dl className="facts">
                <div>
                  <dt>{t('calendars.community')}</dt>
                  <dd>{t(`calendars.communities.${calendar.data.settings.community}`, { defaultValue: calendar.data.settings.community })}</dd>
                </div>
                <div>
                  <dt>{t('calendars.municipality')}</dt>
                  <dd>{calendar.data.settings.municipality ?? t('calendars.noMunicipality')}</dd>
                </div>
                <div>
                  <dt>{t('calendars.timeZone')}</dt>
                  <dd>{t(`calendars.zones.${calendar.data.settings.timeZone === 'Atlantic/Canary' ? 'canary' : 'madrid'}`)}</dd>
                </div>
              </dl>
            </section>
          )}

          <CalendarCoverage calendar={calendar.data} />

          <section className="card" aria-labelledby="datasets-heading">
            <h2 id="datasets-heading">{t('calendars.datasets.title')}</h2>
            <p className="hint">{t('calendars.datasets.explain')}</p>
            {calendar.data.datasets.length === 0 ? (
              <p className="empty">{t('calendars.datasets.none')}</p>
            ) : (
              <div className="table-wrap">
                <table className="table">
                  <caption className="visually-hidden">{t('calendars.datasets.caption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('calendars.datasets.year')}</th>
                      <th scope="col">{t('calendars.datasets.territory')}</th>
                      <th scope="col">{t('calendars.datasets.level')}</th>
                      <th scope="col">{t('calendars.datasets.version')}</th>
                      <th scope="col">{t('calendars.datasets.status')}</th>
                      <th scope="col">{t('calendars.datasets.origin')}</th>
                      <th scope="col">{t('calendars.datasets.sources')}</th>
                      {calendar.data.canManage ? <th scope="col">{t('calendars.datasets.actions')}</th> : null}
                    </tr>
                  </thead>
                  <tbody>
                    {calendar.data.datasets.map((d) => (
                      <tr key={`${d.year}-${d.territory}-${d.version}-${d.origin}`}>
                        <td>{d.year}</td>
                        <th scope="row" className="row-name">
                          {d.name} <span className="muted">({d.territory})</span>
                        </th>
                        <td>{t(`calendars.levels.${d.level}`)}</td>
                        <td>{d.version}</td>
                        <td>
                          <span className={d.status === 'VERIFIED' ? 'badge' : 'badge badge-warning'}>{t(`calendars.statuses.${d.status}`)}</span>
                          {d.verifiedBy.length > 0 ? (
                            <span className="muted"> · {t('calendars.datasets.verifiedBy', { names: d.verifiedBy.join(', ') })}</span>
                          ) : null}
                        </td>
                        <td>{t(`calendars.origins.${d.origin}`)}</td>
                        <td>
                          <ul className="plazo-list">
                            {d.sources.map((s) => (
                              <li key={`${s.bulletin}-${s.reference}`}>
                                {s.url ? (
                                  <a href={s.url} rel="noopener noreferrer" target="_blank">
                                    {s.bulletin} {s.reference}
                                  </a>
                                ) : (
                                  `${s.bulletin} ${s.reference}`
                                )}
                                {s.publishedOn ? <span className="muted"> ({s.publishedOn})</span> : null}
                              </li>
                            ))}
                          </ul>
                        </td>
                        {calendar.data.canManage ? (
                          <td>
                            {awaitsApproval(d) ? (
                              <button
                                type="button"
                                className="button button-small button-primary"
                                disabled={busy === `${d.year}/${d.version}`}
                                aria-label={t('calendars.datasets.approveNamed', { year: d.year, version: d.version })}
                                onClick={() => void approve(d)}
                              >
                                {t('calendars.datasets.approve')}
                              </button>
                            ) : null}
                          </td>
                        ) : null}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          {calendar.data.canManage ? (
            <CalendarCorrectionForm
              key={corrections}
              organism={code}
              municipality={calendar.data.settings.municipality}
              datasets={calendar.data.datasets}
              onSaved={(data, correctedYear) => {
                set(data);
                setCorrections((n) => n + 1);
                setNotice(t('calendars.correction.saved', { year: correctedYear }));
              }}
            />
          ) : null}

          <section className="card" aria-labelledby="public-heading">
            <h2 id="public-heading">{t('calendars.public.title')}</h2>
            <p className="hint">{t('calendars.public.explain')}</p>
            <ul className="plazo-list">
              {[year, year + 1].map((y) => {
                const links = publicCalendarLinks(code, y);
                return (
                  <li key={y}>
                    {t('calendars.public.year', { year: y })}:{' '}
                    <a href={links.html} aria-label={t('calendars.public.htmlNamed', { year: y })}>
                      {t('calendars.public.html')}
                    </a>{' '}
                    ·{' '}
                    <a href={links.json} aria-label={t('calendars.public.jsonNamed', { year: y })}>
                      JSON
                    </a>{' '}
                    ·{' '}
                    <a href={links.ics} aria-label={t('calendars.public.icsNamed', { year: y })}>
                      iCalendar
                    </a>
                  </li>
                );
              })}
            </ul>
          </section>
        </>
      ) : null}
    </>
  );
}
