import { useTranslation } from 'react-i18next';
import type { CalendarDataset, OrganismCalendar } from './calendars.ts';

type Coverage = OrganismCalendar['coverage'][number];
type Use = Coverage['calendars'][number];

/** The level a territory code stands for: `ES`, a community (`ES-AN`) or a municipality's INE code. */
export const levelOf = (territory: string): CalendarDataset['level'] => (territory === 'ES' ? 'NATIONAL' : territory.startsWith('ES-') ? 'REGIONAL' : 'LOCAL');

/**
 * Whether this year's and next year's calendars of the seat are ready (art. 30.7 Ley 39/2015): each
 * dataset the count needs, verified, a draft or not loaded, and what the administrators can do about
 * it. A missing or draft dataset makes the dates that touch it provisional (fail closed).
 */
export function CalendarCoverage({ calendar }: { calendar: OrganismCalendar }) {
  const { t } = useTranslation();
  const nameOf = (territory: string): string => {
    if (territory === 'ES') return t('calendars.coverage.spain');
    if (levelOf(territory) === 'REGIONAL') return t(`calendars.communities.${territory}`, { defaultValue: territory });
    return calendar.datasets.find((d) => d.territory === territory)?.name ?? territory;
  };
  const state = (use: Use): string =>
    use.status === 'MISSING'
      ? t('calendars.coverage.missing')
      : `${t(`calendars.statuses.${use.status}`)} · ${t('calendars.coverage.version', { version: use.version })}`;
  const missingLocal = (coverage: Coverage) => coverage.calendars.some((use) => levelOf(use.territory) === 'LOCAL' && use.status === 'MISSING');
  const notReadyShipped = (coverage: Coverage) => coverage.calendars.some((use) => levelOf(use.territory) !== 'LOCAL' && use.status !== 'VERIFIED');

  return (
    <section className="card" aria-labelledby="coverage-heading">
      <h2 id="coverage-heading">{t('calendars.coverage.title')}</h2>
      <p className="hint section-hint">{t('calendars.coverage.explain')}</p>
      {calendar.coverage.map((coverage) => (
        <div key={coverage.year} className="subcard" role="group" aria-labelledby={`coverage-${coverage.year}`}>
          <h3 id={`coverage-${coverage.year}`}>
            {t('calendars.coverage.year', { year: coverage.year })}{' '}
            <span className={coverage.status === 'FINAL' ? 'badge' : 'badge badge-warning'}>{t(`calendars.coverage.statuses.${coverage.status}`)}</span>
          </h3>
          <ul className="plazo-list">
            {coverage.calendars.map((use) => (
              <li key={use.territory}>
                <strong>{nameOf(use.territory)}</strong> <span className="muted">({use.territory})</span> · {t(`calendars.levels.${levelOf(use.territory)}`)}:{' '}
                <span className={use.status === 'VERIFIED' ? undefined : 'coverage-gap'}>{state(use)}</span>
              </li>
            ))}
          </ul>
          {missingLocal(coverage) && calendar.canManage ? <p className="hint">{t('calendars.coverage.addLocal', { year: coverage.year })}</p> : null}
          {notReadyShipped(coverage) ? <p className="hint">{t('calendars.coverage.shipped', { year: coverage.year })}</p> : null}
        </div>
      ))}
    </section>
  );
}
