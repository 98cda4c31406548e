import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ListFeedback } from '../api/ListFeedback.tsx';
import { useServices } from '../api/context.tsx';
import type { Load } from '../api/use-load.ts';
import { ConfirmAction } from '../file-detail/ConfirmAction.tsx';
import { CodeNameForm } from './CodeNameForm.tsx';
import { OrganismProblemAlert } from './OrganismProblemAlert.tsx';
import type { CatalogueChangeBody } from './organisms.ts';
import { RenameForm } from './RenameForm.tsx';

/** What the section lists: organisms or an organism's units, both a DIR3 code, a name and whether it is active. */
export interface CatalogueItem {
  code: string;
  name: string;
  active: boolean;
}

interface Props {
  /** Which texts of `organisms.<kind>` the section speaks with. */
  kind: 'organism' | 'unit';
  list: Load<{ items: CatalogueItem[] }>;
  reload: () => void;
  /** The resource of one item (`PATCH` renames it or turns it off and on). */
  itemPath: (code: string) => string;
  /** Whether the controls to rename and turn off or on show (the server checks it again). */
  canChange: boolean;
  /** The collection to add to (`POST { code, name }`); none hides the form. */
  addPath?: string;
  /** The name cell's content (a link to the organism's page, for one). */
  nameCell?: (item: CatalogueItem) => ReactNode;
}

/**
 * Organisms, or an organism's units: the table, a rename form for one of them at a time, turning
 * one off (asked first) or on, and the form to add one. After each action the focus goes back to
 * the control acted on, and the outcome is announced.
 */
export function CatalogueSection({ kind, list, reload, itemPath, canChange, addPath, nameCell }: Props) {
  const { t } = useTranslation();
  const { api } = useServices();
  const text = (key: string, values?: Record<string, string>) => t(`organisms.${kind}.${key}`, values ?? {});
  const heading = useRef<HTMLHeadingElement>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [toggle, setToggle] = useState<{ code: string; error?: unknown } | null>(null);
  // The control that takes the focus once the table shows what changed.
  // `after` is the list the change was made on, so the focus waits for the reloaded one.
  const [focusTarget, setFocusTarget] = useState<{ id: string; after?: unknown } | null>(null);
  const renameId = (code: string) => `${kind}-rename-${code}`;
  const toggleId = (code: string) => `${kind}-toggle-${code}`;

  useEffect(() => {
    if (!focusTarget || renaming || list.state !== 'ready' || list.data === focusTarget.after) return;
    const target = document.getElementById(focusTarget.id);
    (target?.matches('button') ? target : (target?.querySelector('button') ?? heading.current))?.focus();
    setFocusTarget(null);
  }, [focusTarget, renaming, list]);

  const changed = (message: string, focus: string | null) => {
    setNotice(message);
    if (focus) setFocusTarget({ id: focus, ...(list.state === 'ready' ? { after: list.data } : {}) });
    reload();
  };

  const setActive = async (item: CatalogueItem, active: boolean) => {
    setNotice('');
    setToggle({ code: item.code });
    try {
      await api.json('PATCH', itemPath(item.code), { body: { active } satisfies CatalogueChangeBody });
      setToggle(null);
      changed(text(active ? 'turnedOn' : 'turnedOff', { name: item.name }), toggleId(item.code));
    } catch (error) {
      setToggle({ code: item.code, error });
    }
  };

  const items = list.state === 'ready' ? list.data.items : [];
  const editing = renaming ? items.find((item) => item.code === renaming) : undefined;
  return (
    <section className="card" aria-labelledby={`${kind}-heading`}>
      <div className="section-head">
        <h2 id={`${kind}-heading`} ref={heading} tabIndex={-1}>
          {text('title')}
        </h2>
      </div>
      <ListFeedback
        notice={notice}
        failure={toggle?.error}
        list={list}
        empty={items.length === 0}
        emptyText={text('none')}
        onRetry={reload}
        Problem={OrganismProblemAlert}
      />
      {items.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{text('caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('organisms.code')}</th>
                <th scope="col">{t('organisms.name')}</th>
                <th scope="col">{t('organisms.state')}</th>
                {canChange ? (
                  <th scope="col">
                    <span className="visually-hidden">{t('organisms.actions')}</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.code}>
                  <td className="nowrap">
                    <code>{item.code}</code>
                  </td>
                  <th scope="row" className="row-name">
                    {nameCell ? nameCell(item) : item.name}
                  </th>
                  <td>
                    <span className={item.active ? 'badge' : 'badge badge-warning'}>{item.active ? t('organisms.active') : t('organisms.inactive')}</span>
                  </td>
                  {canChange ? (
                    <td>
                      <div className="row-actions">
                        <button
                          id={renameId(item.code)}
                          type="button"
                          className="button button-small"
                          aria-label={t('organisms.renameNamed', { name: item.name })}
                          disabled={renaming !== null}
                          onClick={() => {
                            setNotice('');
                            setRenaming(item.code);
                          }}
                        >
                          {t('organisms.rename')}
                        </button>
                        <span id={toggleId(item.code)}>
                          {item.active ? (
                            <ConfirmAction
                              label={t('organisms.turnOff')}
                              name={t('organisms.turnOffNamed', { name: item.name })}
                              question={text('turnOffQuestion', { name: item.name })}
                              confirmLabel={t('organisms.turnOff')}
                              busy={toggle?.code === item.code && !toggle.error}
                              onConfirm={() => void setActive(item, false)}
                            />
                          ) : (
                            <button
                              type="button"
                              className="button button-small"
                              aria-label={t('organisms.turnOnNamed', { name: item.name })}
                              disabled={toggle?.code === item.code && !toggle.error}
                              onClick={() => void setActive(item, true)}
                            >
                              {t('organisms.turnOn')}
                            </button>
                          )}
                        </span>
                      </div>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {canChange && editing ? (
        <RenameForm
          key={editing.code}
          current={editing.name}
          title={t('organisms.renameNamed', { name: editing.name })}
          send={(name) => api.json('PATCH', itemPath(editing.code), { body: { name } satisfies CatalogueChangeBody })}
          onSaved={(name) => {
            setRenaming(null);
            changed(text('renamed', { code: editing.code, name }), renameId(editing.code));
          }}
          onCancel={() => {
            setRenaming(null);
            setFocusTarget({ id: renameId(editing.code) });
          }}
        />
      ) : null}
      {addPath ? (
        <CodeNameForm
          title={text('addTitle')}
          submitLabel={text('add')}
          send={(body) => api.json('POST', addPath, { body })}
          onAdded={(code) => changed(text('added', { code }), null)}
        />
      ) : null}
    </section>
  );
}
