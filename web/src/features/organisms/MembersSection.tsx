import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListFeedback } from '../api/ListFeedback.tsx';
import { useServices } from '../api/context.tsx';
import { ApiError } from '../api/problem.ts';
import { useLoad } from '../api/use-load.ts';
import { ConfirmAction } from '../file-detail/ConfirmAction.tsx';
import { AccountForm } from './AccountForm.tsx';
import { MemberForm } from './MemberForm.tsx';
import { OrganismProblemAlert } from './OrganismProblemAlert.tsx';
import { PasswordResetForm } from './PasswordResetForm.tsx';
import { organismPath, sortRoles, type Member, type MemberList, type UpdateAccountBody, type Unit } from './organisms.ts';

/** An element to focus by id; a row's enable or disable control sits in a wrapper so named, and the focus goes to its button. */
function byId(id: string): HTMLElement | null {
  const element = document.getElementById(id);
  return element?.tagName === 'SPAN' ? (element.querySelector('button') ?? element) : element;
}

type Mode = { kind: 'list' } | { kind: 'add' } | { kind: 'account' } | { kind: 'edit'; username: string } | { kind: 'password'; username: string };

/**
 * Who belongs to an organism, with their roles and units there: an administrator adds someone by
 * their user name, gives one of its people a new account, changes what they may do, or takes them
 * out (asked first). The accounts the organism owns are also disabled, enabled or given a new
 * password here. Each change refuses the member's earlier sessions at once (the server's doing),
 * so the table says it.
 */
export function MembersSection({ organism, units }: { organism: string; units: readonly Unit[] }) {
  const { t } = useTranslation();
  const { api, profile } = useServices();
  const path = `${organismPath(organism)}/members`;
  const [list, reload] = useLoad<MemberList>(path, (signal) => api.get<MemberList>(path, signal));
  const [mode, setMode] = useState<Mode>({ kind: 'list' });
  const [notice, setNotice] = useState('');
  const [removal, setRemoval] = useState<{ username: string; error?: unknown } | null>(null);
  const [switching, setSwitching] = useState<{ username: string; error?: unknown } | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const accountButton = useRef<HTMLButtonElement>(null);
  // Where focus goes once the table shows the change: the add button, a row's edit button or the heading;
  // `after` is the list the change was made on, so the focus waits for the reloaded one.
  const [focusTarget, setFocusTarget] = useState<{ id: string; after?: MemberList } | null>(null);
  const editId = (username: string) => `member-edit-${username}`;
  const switchId = (username: string) => `member-switch-${username}`;
  const unitName = (code: string) => units.find((unit) => unit.code === code)?.name ?? code;

  useEffect(() => {
    if (mode.kind !== 'list' || !focusTarget || list.state !== 'ready' || list.data === focusTarget.after) return;
    const { id } = focusTarget;
    const target = id === 'add' ? addButton.current : id === 'account' ? accountButton.current : id === 'heading' ? heading.current : byId(id);
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

  /** Disables (asked first) or enables an account the organism owns. */
  const setEnabled = async (member: Member, enabled: boolean) => {
    setNotice('');
    setSwitching({ username: member.username });
    try {
      const body = { enabled } satisfies UpdateAccountBody;
      await api.json('PATCH', `${organismPath(organism)}/accounts/${encodeURIComponent(member.username)}`, { body });
      setSwitching(null);
      changed(t(enabled ? 'organisms.account.enabledNotice' : 'organisms.account.disabledNotice', { name: member.displayName }), switchId(member.username));
    } catch (error) {
      setSwitching({ username: member.username, error });
      if (error instanceof ApiError && error.status === 404) reload();
    }
  };

  const items = list.state === 'ready' ? list.data.items : [];
  const editing = mode.kind === 'edit' ? items.find((member) => member.username === mode.username) : undefined;
  const resetting = mode.kind === 'password' ? items.find((member) => member.username === mode.username) : undefined;
  const listing = mode.kind === 'list' || ((mode.kind === 'edit' || mode.kind === 'password') && !editing && !resetting && list.state === 'ready');
  return (
    <section className="card" aria-labelledby="members-heading">
      <div className="section-head">
        <h2 id="members-heading" ref={heading} tabIndex={-1}>
          {t('organisms.member.title')}
        </h2>
        {listing && list.state === 'ready' ? (
          <div className="row-actions">
            <button
              ref={accountButton}
              type="button"
              className="button"
              onClick={() => {
                setNotice('');
                setMode({ kind: 'account' });
              }}
            >
              {t('organisms.account.add')}
            </button>
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
          </div>
        ) : null}
      </div>
      <p className="hint">{t('organisms.member.explain')}</p>
      <ListFeedback
        notice={notice}
        failure={removal?.error ?? switching?.error}
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
                <th scope="col">{t('organisms.account.state')}</th>
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
                  <td>{member.enabled ? t('organisms.account.enabled') : t('organisms.account.disabled')}</td>
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
                      {member.accountManaged ? (
                        <>
                          <button
                            type="button"
                            className="button button-small"
                            aria-label={t('organisms.account.resetNamed', { name: member.displayName })}
                            disabled={!listing}
                            onClick={() => {
                              setNotice('');
                              setMode({ kind: 'password', username: member.username });
                            }}
                          >
                            {t('organisms.account.reset')}
                          </button>
                          <span id={switchId(member.username)} className="row-actions">
                            {member.username === profile.username ? null : member.enabled ? (
                              <ConfirmAction
                                label={t('organisms.account.disable')}
                                name={t('organisms.account.disableNamed', { name: member.displayName })}
                                question={t('organisms.account.disableQuestion', { name: member.displayName })}
                                confirmLabel={t('organisms.account.disableConfirm')}
                                busy={switching?.username === member.username && !switching.error}
                                onConfirm={() => void setEnabled(member, false)}
                              />
                            ) : (
                              <button
                                type="button"
                                className="button button-small"
                                aria-label={t('organisms.account.enableNamed', { name: member.displayName })}
                                disabled={switching?.username === member.username && !switching.error}
                                onClick={() => void setEnabled(member, true)}
                              >
                                {t('organisms.account.enable')}
                              </button>
                            )}
                          </span>
                        </>
                      ) : null}
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
      {mode.kind === 'account' ? (
        <AccountForm
          organism={organism}
          units={units}
          onSaved={(member) => changed(t('organisms.account.created', { name: member.displayName, username: member.username }), editId(member.username))}
          onCancel={() => {
            setMode({ kind: 'list' });
            setFocusTarget({ id: 'account' });
          }}
        />
      ) : null}
      {resetting ? (
        <PasswordResetForm
          key={resetting.username}
          organism={organism}
          member={resetting}
          onSaved={(member) => changed(t('organisms.account.resetDone', { name: member.displayName }), editId(member.username))}
          onCancel={() => {
            setMode({ kind: 'list' });
            setFocusTarget({ id: editId(resetting.username) });
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
