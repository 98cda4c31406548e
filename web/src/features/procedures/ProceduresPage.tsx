import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../api/context.tsx';
import { ListFeedback } from '../api/ListFeedback.tsx';
import { useLoad } from '../api/use-load.ts';
import { loadProcedureXml } from '../diagram/procedure-files.ts';
import { ProcedureDiagram } from '../diagram/ProcedureDiagram.tsx';
import { administersOrganisms, PLATFORM_ADMIN, type OrganismList } from '../organisms/organisms.ts';
import { DeployForm } from './DeployForm.tsx';
import { ProcedureProblem } from './ProcedureProblem.tsx';
import { procedureKey, type ProcedureItem, type ProcedureList } from './procedures.ts';

interface Shown {
  item: ProcedureItem;
  version: number;
}

/**
 * "Procedimientos": the procedures the caller sees with their versions and how each is defined;
 * administrators deploy BPMN files here, and any version of a BPMN procedure can be drawn.
 */
export function ProceduresPage() {
  const { t } = useTranslation();
  const { api, profile } = useServices();
  const admin = administersOrganisms(profile.roles);
  const platformAdmin = profile.roles.includes(PLATFORM_ADMIN);
  const [list, reload] = useLoad<ProcedureList>('/api/procedures', (signal) => api.get<ProcedureList>('/api/procedures', signal));
  // The organisms whose catalogue an administrator may deploy to (auth lists the ones they administer).
  const [organisms] = useLoad<OrganismList | null>(`organisms:${admin}`, (signal) =>
    admin ? api.get<OrganismList>('/api/organisms', signal) : Promise.resolve(null),
  );
  const [shown, setShown] = useState<Shown | null>(null);
  const items = list.state === 'ready' ? list.data.items : [];
  const catalogueName = (organism: string | null | undefined) => (organism ? organism : t('procedures.shared'));
  const catalogues = [
    ...(platformAdmin ? [{ value: '', label: t('procedures.sharedCatalogue') }] : []),
    ...(organisms.state === 'ready' && organisms.data
      ? organisms.data.items.filter((o) => o.active).map((o) => ({ value: o.code, label: `${o.name} (${o.code})` }))
      : []),
  ];

  return (
    <>
      <h1 tabIndex={-1}>{t('procedures.title')}</h1>
      <p className="hint page-intro">{t('procedures.intro')}</p>
      {admin ? <DeployForm catalogues={catalogues} onDeployed={reload} /> : null}

      <section className="card" aria-labelledby="procedures-heading">
        <h2 id="procedures-heading">{t('procedures.listTitle')}</h2>
        <ListFeedback
          notice=""
          failure={null}
          list={list}
          empty={items.length === 0}
          emptyText={t('procedures.empty')}
          onRetry={reload}
          Problem={ProcedureProblem}
        />
        {items.length > 0 ? (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">{t('procedures.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('procedures.name')}</th>
                  <th scope="col">{t('procedures.code')}</th>
                  <th scope="col">{t('procedures.catalogue')}</th>
                  <th scope="col">{t('procedures.format')}</th>
                  <th scope="col">{t('procedures.versions')}</th>
                  <th scope="col">{t('procedures.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={procedureKey(item)}>
                    <th scope="row" className="row-name">
                      {item.name}
                    </th>
                    <td>{item.code}</td>
                    <td>{catalogueName(item.organism)}</td>
                    <td>{t(`procedures.formats.${item.format ?? 'unknown'}`)}</td>
                    <td>{t('procedures.versionList', { versions: [...item.versions].sort((a, b) => a - b).join(', '), latest: item.latestVersion })}</td>
                    <td>
                      {item.format === 'bpmn' ? (
                        <button
                          type="button"
                          className="button button-small"
                          aria-label={t('procedures.showNamed', { name: item.name, version: item.latestVersion })}
                          onClick={() => setShown({ item, version: item.latestVersion })}
                        >
                          {t('procedures.show')}
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      <DiagramSection items={items.filter((item) => item.format === 'bpmn')} shown={shown} onShow={setShown} />
    </>
  );
}

/** One version of a BPMN procedure drawn as deployed (no expediente, so no state on it). */
function DiagramSection({ items, shown, onShow }: { items: ProcedureItem[]; shown: Shown | null; onShow: (shown: Shown) => void }) {
  const { t } = useTranslation();
  const { api } = useServices();
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [draftKey, setDraftKey] = useState('');
  const [draftVersion, setDraftVersion] = useState(0);
  const draftItem = items.find((item) => procedureKey(item) === draftKey) ?? items[0];
  const version = draftItem && draftItem.versions.includes(draftVersion) ? draftVersion : (draftItem?.latestVersion ?? 0);
  // A row's "Ver diagrama" shows its latest version here and brings the reader along.
  useEffect(() => {
    if (!shown) return;
    setDraftKey(procedureKey(shown.item));
    setDraftVersion(shown.version);
    heading.current?.focus();
  }, [shown]);

  const key = shown ? `${procedureKey(shown.item)}@${shown.version}` : '';
  // The file carries the key it was read for: while another version loads, the one before is not shown under its name.
  const [file, reload] = useLoad<{ key: string; xml: string } | null>(key, async (signal) =>
    shown ? { key, xml: await loadProcedureXml(api, shown.item.code, shown.version, shown.item.organism, signal) } : null,
  );
  const xml = file.state === 'ready' && file.data?.key !== key ? ({ state: 'loading' } as const) : file;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (draftItem) onShow({ item: draftItem, version });
  };
  if (items.length === 0) return null;

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} tabIndex={-1} ref={heading}>
        {t('procedures.diagramTitle')}
      </h2>
      <form className="search-form" onSubmit={submit} aria-labelledby={`${id}-heading`}>
        <div className="field">
          <label htmlFor={`${id}-procedure`}>{t('procedures.procedure')}</label>
          <select id={`${id}-procedure`} value={draftItem ? procedureKey(draftItem) : ''} onChange={(e) => setDraftKey(e.target.value)}>
            {items.map((item) => (
              <option key={procedureKey(item)} value={procedureKey(item)}>
                {item.name} ({item.code}) · {item.organism ?? t('procedures.shared')}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-version`}>{t('procedures.version')}</label>
          <select id={`${id}-version`} value={version} onChange={(e) => setDraftVersion(Number(e.target.value))}>
            {[...(draftItem?.versions ?? [])]
              .sort((a, b) => b - a)
              .map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
          </select>
        </div>
        <div className="actions">
          <button type="submit" className="button button-primary">
            {t('procedures.show')}
          </button>
        </div>
      </form>
      {shown && xml.state === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
      {shown && xml.state === 'error' ? (
        <>
          <ProcedureProblem error={xml.error} />
          <button type="button" className="button button-small" onClick={reload}>
            {t('common.retry')}
          </button>
        </>
      ) : null}
      {shown && xml.state === 'ready' && xml.data !== null ? (
        <ProcedureDiagram
          key={key}
          xml={xml.data.xml}
          label={t('procedures.figure', { name: shown.item.name, code: shown.item.code, version: shown.version })}
        />
      ) : null}
    </section>
  );
}
