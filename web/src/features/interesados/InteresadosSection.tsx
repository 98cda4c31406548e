import type { InteresadoListResource } from '@tramita/contracts';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListFeedback } from '../api/ListFeedback.tsx';
import { useServices } from '../api/context.tsx';
import { ApiError } from '../api/problem.ts';
import { useLoad } from '../api/use-load.ts';
import { ConfirmAction } from '../file-detail/ConfirmAction.tsx';
import { InteresadoForm } from './InteresadoForm.tsx';
import { InteresadoHistory } from './InteresadoHistory.tsx';
import { addressLine, type Interesado } from './interesados.ts';
import { ProblemAlert } from './ProblemAlert.tsx';

type Mode = { kind: 'list' } | { kind: 'add' } | { kind: 'edit'; id: string };

/**
 * The persons an expediente concerns (Ley 39/2015 arts. 4 to 8): who they are, in what capacity
 * and how they are notified. Only a tramitador of an open expediente sees the controls to change them.
 */
export function InteresadosSection({ code, canWrite }: { code: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const { api } = useServices();
  const path = `/api/files/${encodeURIComponent(code)}/interesados`;
  const [list, reload] = useLoad<InteresadoListResource>(path, (signal) => api.get<InteresadoListResource>(path, signal));
  const [mode, setMode] = useState<Mode>({ kind: 'list' });
  const [notice, setNotice] = useState('');
  const [removal, setRemoval] = useState<{ id: string; error?: unknown } | null>(null);
  const [revision, setRevision] = useState(0);
  const heading = useRef<HTMLHeadingElement>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  // Where focus goes once the list shows again: the add button, a row's edit button or the heading.
  const [focusTarget, setFocusTarget] = useState<string | null>(null);

  useEffect(() => {
    if (mode.kind !== 'list' || !focusTarget || list.state !== 'ready') return;
    const target = focusTarget === 'add' ? addButton.current : focusTarget === 'heading' ? heading.current : document.getElementById(focusTarget);
    (target ?? heading.current)?.focus();
    setFocusTarget(null);
  }, [mode, focusTarget, list]);

  const changed = (message: string, focus: string) => {
    setNotice(message);
    setMode({ kind: 'list' });
    setFocusTarget(focus);
    setRevision((r) => r + 1);
    reload();
  };

  const remove = async (interesado: Interesado) => {
    setRemoval({ id: interesado.id });
    try {
      await api.json('DELETE', `${path}/${encodeURIComponent(interesado.id)}?expectedVersion=${interesado.version}`);
      setRemoval(null);
      changed(t('interesados.removed', { name: interesado.name }), 'heading');
    } catch (error) {
      setRemoval({ id: interesado.id, error });
      // Someone changed or removed it meanwhile: the list shows what is there now.
      if (error instanceof ApiError && (error.status === 409 || error.status === 404)) reload();
    }
  };

  const items = list.state === 'ready' ? list.data.items : [];
  const editing = mode.kind === 'edit' ? items.find((i) => i.id === mode.id) : undefined;
  // An interesado someone else removed while this one was being edited leaves nothing to edit.
  const listing = mode.kind === 'list' || (mode.kind === 'edit' && !editing && list.state === 'ready');
  const editId = (interesado: Interesado) => `interesado-edit-${interesado.id}`;

  return (
    <section className="card" aria-labelledby="interesados-heading">
      <div className="section-head">
        <h2 id="interesados-heading" ref={heading} tabIndex={-1}>
          {t('interesados.title')}
        </h2>
        {canWrite && listing && list.state === 'ready' ? (
          <button
            ref={addButton}
            type="button"
            className="button"
            onClick={() => {
              setNotice('');
              setMode({ kind: 'add' });
            }}
          >
            {t('interesados.add')}
          </button>
        ) : null}
      </div>
      <ListFeedback
        notice={notice}
        failure={removal?.error}
        list={list}
        empty={items.length === 0}
        emptyText={t('interesados.none')}
        onRetry={reload}
        Problem={ProblemAlert}
      />
      {items.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('interesados.caption', { code })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('interesados.name')}</th>
                <th scope="col">{t('interesados.document')}</th>
                <th scope="col">{t('interesados.role')}</th>
                <th scope="col">{t('interesados.channel')}</th>
                <th scope="col">{t('interesados.contact')}</th>
                {canWrite ? (
                  <th scope="col">
                    <span className="visually-hidden">{t('interesados.actions')}</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {items.map((interesado) => (
                <tr key={interesado.id}>
                  <th scope="row" className="row-name">
                    {interesado.name}
                  </th>
                  <td className="nowrap">
                    {interesado.document} <span className="muted">({interesado.documentKind})</span>
                  </td>
                  <td>{t(`interesados.roles.${interesado.role}`)}</td>
                  <td>{t(`interesados.channels.${interesado.channel}`)}</td>
                  <td>
                    {[interesado.email, interesado.phone, addressLine(interesado.address)]
                      .filter((line): line is string => Boolean(line))
                      .map((line) => (
                        <span key={line} className="contact-line">
                          {line}
                        </span>
                      ))}
                  </td>
                  {canWrite ? (
                    <td>
                      <div className="row-actions">
                        <button
                          id={editId(interesado)}
                          type="button"
                          className="button button-small"
                          aria-label={t('interesados.editNamed', { name: interesado.name })}
                          disabled={!listing}
                          onClick={() => {
                            setNotice('');
                            setMode({ kind: 'edit', id: interesado.id });
                          }}
                        >
                          {t('interesados.edit')}
                        </button>
                        <ConfirmAction
                          label={t('interesados.remove')}
                          name={t('interesados.removeNamed', { name: interesado.name })}
                          question={t('interesados.removeQuestion', { name: interesado.name })}
                          confirmLabel={t('interesados.removeConfirm')}
                          busy={removal?.id === interesado.id && !removal.error}
                          onConfirm={() => void remove(interesado)}
                        />
                      </div>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {canWrite && mode.kind === 'add' ? (
        <InteresadoForm
          code={code}
          onSaved={() => changed(t('interesados.added'), 'add')}
          onCancel={() => {
            setMode({ kind: 'list' });
            setFocusTarget('add');
          }}
          onReload={reload}
        />
      ) : null}
      {canWrite && editing ? (
        <InteresadoForm
          key={`${editing.id}-${editing.version}`}
          code={code}
          editing={editing}
          onSaved={() => changed(t('interesados.saved', { name: editing.name }), editId(editing))}
          onCancel={() => {
            setMode({ kind: 'list' });
            setFocusTarget(editId(editing));
          }}
          onReload={reload}
        />
      ) : null}
      <InteresadoHistory code={code} revision={revision} />
    </section>
  );
}
