import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useServices } from '../api/context.tsx';
import { useLoad } from '../api/use-load.ts';
import { CatalogueSection } from './CatalogueSection.tsx';
import { organismPath, PLATFORM_ADMIN, type OrganismList } from './organisms.ts';

/**
 * The organisms the signed-in person administers (every one for a platform administrator), each
 * linked to its units and members; a platform administrator also adds, renames and turns them off.
 */
export function OrganismsPage() {
  const { t } = useTranslation();
  const { api, profile } = useServices();
  const [list, reload] = useLoad<OrganismList>('/api/organisms', (signal) => api.get<OrganismList>('/api/organisms', signal));
  const platformAdmin = profile.roles.includes(PLATFORM_ADMIN);
  return (
    <>
      <h1 tabIndex={-1}>{t('organisms.title')}</h1>
      <p className="hint page-intro">{platformAdmin ? t('organisms.explainPlatform') : t('organisms.explain')}</p>
      <CatalogueSection
        kind="organism"
        list={list}
        reload={reload}
        itemPath={organismPath}
        canChange={platformAdmin}
        {...(platformAdmin ? { addPath: '/api/organisms' } : {})}
        nameCell={(organism) => <Link to={`/organismos/${encodeURIComponent(organism.code)}`}>{organism.name}</Link>}
      />
    </>
  );
}
