import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useServices } from '../api/context.tsx';
import { useLoad } from '../api/use-load.ts';
import { CatalogueSection } from './CatalogueSection.tsx';
import { MembersSection } from './MembersSection.tsx';
import { organismPath, type OrganismList, type UnitList } from './organisms.ts';

/** One organism, for its administrators: its units and who belongs to it, with their roles and units there. */
export function OrganismPage() {
  const { t } = useTranslation();
  const { api } = useServices();
  const { code = '' } = useParams();
  const [organisms] = useLoad<OrganismList>('/api/organisms', (signal) => api.get<OrganismList>('/api/organisms', signal));
  const unitsPath = `${organismPath(code)}/units`;
  const [units, reloadUnits] = useLoad<UnitList>(unitsPath, (signal) => api.get<UnitList>(unitsPath, signal));
  // No route reads one organism: its name comes from the list of those the caller administers.
  const organism = organisms.state === 'ready' ? organisms.data.items.find((item) => item.code === code) : undefined;
  return (
    <>
      <div className="page-head">
        <h1 tabIndex={-1}>{organism ? t('organisms.pageTitle', { name: organism.name }) : t('organisms.pageTitleCode', { code })}</h1>
        <div className="actions">
          <Link className="button" to={`/organismos/${encodeURIComponent(code)}/calendario`}>
            {t('organisms.calendar')}
          </Link>
          <Link className="button" to="/organismos">
            {t('organisms.back')}
          </Link>
        </div>
      </div>
      <p className="hint page-intro">
        {t('organisms.codeIs', { code })}
        {organism && !organism.active ? ` ${t('organisms.organismInactive')}` : ''}
      </p>
      <CatalogueSection
        kind="unit"
        list={units}
        reload={reloadUnits}
        itemPath={(unit) => `${unitsPath}/${encodeURIComponent(unit)}`}
        canChange
        addPath={unitsPath}
      />
      <MembersSection organism={code} units={units.state === 'ready' ? units.data.items : []} />
    </>
  );
}
