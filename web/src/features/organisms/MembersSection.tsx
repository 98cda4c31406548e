import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListFeedback } from '../api/ListFeedback.tsx';
import { useServices } from '../api/context.tsx';
import { ApiError } from '../api/problem.ts';
import { useLoad } from '../api/use-load.ts';
import { ConfirmAction } from '../file-detail/ConfirmAction.tsx';
import { MemberForm } from './MemberForm.tsx';
import { OrganismProblemAlert } from './OrganismProblemAlert.tsx';
import { organismPath, sortRoles, type Member, type MemberList, type Unit } from './organisms.ts';

type Mode = { kind: 'list' } | { kind: 'add' } | { kind: 'edit'; username: string };

/**
 * Who belongs to an organism, with their roles and units there: an administrator adds someone by
 * their user name, changes what they may do, or takes them out (asked first). Each change refuses
 * the member's earlier sessions at once (the server's doing), so the table says it.
 */
export function MembersSection({ organism, units }: { organism: string; units: readonly Unit[] }) {
  const { t } = useTranslation();
  const { api } = useServices();
  const path = `${organismPath(organism)}/members`;
  const [list, reload] = useLoad<MemberList>(path, (signal) => api.get<MemberList>(path, signal));
  const [mode, setMode] = useState<Mode>({ kind: 'list' });
  const [notice, setNotice] = useState('');
  const [removal, setRemoval] = useState<{ username: string; error?: unknown } | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  // Where focus goes once the table shows the change: the add button, a row's edit button or the heading;
  // `after` is the list the change was made on, so the focus waits for the reloaded one.
  const [focusTarget, setFocusTarget] = useState<{ id: string; after?: MemberList } | null>(null);
  const editId = (username: string) => `member-edit-${username}`;
  const unitName = (code: string) => units.find((unit) => unit.code === code)?.name ?? code;

  useEffect(() => {
    if (mode.kind !== 'list' || !focusTarget || list.state !== 'ready' || list.data === focusTarget.after) return;
    const { id } = focusTarget;
    const target = id === 'add' ? addButton.current : id === 'heading' ? heading.current : document.getElementById(id);
    (target ?? heading.current)?.focus();
    setFocusTarget(null);
  }, [mode, focusTarget, list]);

  const changed = (message: string, focus: string) => {
    setNotice(message);
    setMode({ kind: 'list' });
    setFocusTarget({ id: focus, ...(list.state === 'ready' ? { after: list.data } : {}) });
    reload();
  };

  const remove = async (member: Member) => {
    setNotice('');
    setRemoval({ username: member.username });
    try {
      await api.json('DELETE', `${path}/${encodeURIComponent(member.username)}`);
      setRemoval(null);
      changed(t('organisms.member.removed', { name: member.displayName }), 'heading');
    } catch (error) {
      setRemoval({ username: member.username, error });
      // Someone else took them out meanwhile: the table shows who is there now.
      if (error instanceof ApiError && error.status === 404) reload();
    }
  };

  const items = list.state === 'ready' ? list.data.items : [];
  const editing = mode.kind === 'edit' ? items.find((member) => member.username === mode.username) : undefined;
  const listing = mode.kind === 'list' || (mode.kind === 'edit' && !editing && list.state === 'ready');
  return (
    <section className="card" aria-labelledby="members-heading">
      <div className="section-head">
        <h2 id="members-heading" ref={heading} tabIndex={-1}>
          {t('organisms.member.title')}
        </h2>
        {listing && list.state === 'ready' ? (
          <button
            ref={addButton}
            type="button"
            className="button"
            onClick={() => {
              setNotice('');
              setMode({ kind: 'add' });
            }}
          >
            {t('organisms.member.add')}
          </button>
        ) : null}
      </div>
      <p className="hint">{t('organisms.member.explain')}</p>
      <ListFeedback
        notice={notice}
        failure={removal?.error}
        list={list}
        empty={items.length === 0}
        emptyText={t('organisms.member.none')}
        onRetry={reload}
        Problem={OrganismProblemAlert}
      />
      {items.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('organisms.member.caption', { code: organism })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('organisms.member.name')}</th>
                <th scope="col">{t('organisms.member.username')}</th>
                <th scope="col">{t('organisms.member.roles')}</th>
                <th scope="col">{t('organisms.member.units')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('organisms.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((member) => (
                <tr key={member.username}>
                  <th scope="row" className="row-name">
                    {member.displayName}
                  </th>
                  <td>
                    <code>{member.username}</code>
                  </td>
                  <td>
                    {sortRoles(member.roles)
                      .map((role) => t(`organisms.roles.${role}`, { defaultValue: role }))
                      .join(', ')}
                  </td>
                  <td>
                    {member.units.length > 0 ? member.units.map(unitName).join(', ') : <span className="muted">{t('organisms.member.noUnitsHeld')}</span>}
                  </td>
                  <td>
                    <div className="row-actions">
                      <button
                        id={editId(member.username)}
                        type="button"
                        className="button button-small"
                        aria-label={t('organisms.member.editNamed', { name: member.displayName })}
                        disabled={!listing}
                        onClick={() => {
                          setNotice('');
                          setMode({ kind: 'edit', username: member.username });
                        }}
                      >
                        {t('organisms.member.edit')}
                      </button>
                      <ConfirmAction
                        label={t('organisms.member.remove')}
                        name={t('organisms.member.removeNamed', { name: member.displayName })}
                        question={t('organisms.member.removeQuestion', { name: member.displayName })}
                        confirmLabel={t('organisms.member.removeConfirm')}
                        busy={removal?.username === member.username && !removal.error}
                        onConfirm={() => void remove(member)}
                      />
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {mode.kind === 'add' ? (
        <MemberForm
          organism={organism}
          units={units}
          onSaved={(member) => changed(t('organisms.member.saved', { name: member.displayName }), editId(member.username))}
          onCancel={() => {
            setMode({ kind: 'list' });
            setFocusTarget({ id: 'add' });
          }}
        />
      ) : null}
      {editing ? (
        <MemberForm
          key={editing.username}
          organism={organism}
          units={units}
          editing={editing}
          onSaved={(member) => changed(t('organisms.member.saved', { name: member.displayName }), editId(member.username))}
          onCancel={() => {
            setMode({ kind: 'list' });
            setFocusTarget({ id: editId(editing.username) });
          }}
        />
      ) : null}
    </section>
  );
}
