import type { RelationListResource } from '@tramita/contracts';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListFeedback } from '../api/ListFeedback.tsx';
import { Link } from 'react-router';
import { useServices } from '../api/context.tsx';
import { ApiError } from '../api/problem.ts';
import { useLoad } from '../api/use-load.ts';
import { ConfirmAction } from '../file-detail/ConfirmAction.tsx';
import { formatDateTime } from '../format/format.ts';
import { ProblemAlert } from '../interesados/ProblemAlert.tsx';
import { RelateForm } from './RelateForm.tsx';
import { otherFilePath, relationLabelKey, type Relation } from './relations.ts';

/**
 * The expedientes this one is related to, in both directions, each read from this side; a
 * tramitador relates it to another one or removes a relation (from both).
 */
export function RelationsSection({ code, canWrite }: { code: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const { api } = useServices();
  const path = `/api/files/${encodeURIComponent(code)}/relations`;
  const [list, reload] = useLoad<RelationListResource>(path, (signal) => api.get<RelationListResource>(path, signal));
  const [notice, setNotice] = useState('');
  const [removal, setRemoval] = useState<{ id: string; error?: unknown } | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const unlink = async (relation: Relation) => {
    setRemoval({ id: relation.id });
    try {
      await api.json('DELETE', `${path}/${encodeURIComponent(relation.id)}`);
      setRemoval(null);
      setNotice(t('relations.removed', { code: relation.other.code }));
      reload();
      // The row and its button are gone: focus goes back to the section.
      heading.current?.focus();
    } catch (error) {
      setRemoval({ id: relation.id, error });
      if (error instanceof ApiError && error.status === 404) reload();
    }
  };

  const items = list.state === 'ready' ? list.data.items : [];
  return (
    <section className="card" aria-labelledby="relations-heading">
      <h2 id="relations-heading" ref={heading} tabIndex={-1}>
        {t('relations.title')}
      </h2>
      <ListFeedback
        notice={notice}
        failure={removal?.error}
        list={list}
        empty={items.length === 0}
        emptyText={t('relations.none')}
        onRetry={reload}
        Problem={ProblemAlert}
      />
      {items.length > 0 ? (
        <ul className="relation-list">
          {items.map((relation) => (
            <li key={relation.id}>
              <span className="relation-kind">{t(relationLabelKey(relation))}</span>{' '}
              <Link to={otherFilePath(relation)} className="relation-code">
                {relation.other.code}
              </Link>
              <span className="muted relation-meta">
                {t('relations.createdBy', { name: relation.createdBy.displayName, at: formatDateTime(relation.createdAt) })}
              </span>
              {canWrite ? (
                <ConfirmAction
                  label={t('relations.remove')}
                  name={t('relations.removeNamed', { code: relation.other.code })}
                  question={t('relations.removeQuestion', { code: relation.other.code })}
                  confirmLabel={t('relations.removeConfirm')}
                  busy={removal?.id === relation.id && !removal.error}
                  onConfirm={() => void unlink(relation)}
                />
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {canWrite ? (
        <RelateForm
          code={code}
          onRelated={(other) => {
            setNotice(t('relations.added', { code: other }));
            reload();
          }}
        />
      ) : null}
    </section>
  );
}
