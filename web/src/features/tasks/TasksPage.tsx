import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { ProcedureListResource } from '@tramita/contracts';
import { useServices } from '../api/context.tsx';
import { ListFeedback } from '../api/ListFeedback.tsx';
import { useLoad } from '../api/use-load.ts';
import { formatDateTime } from '../format/format.ts';
import { NoticesPanel } from '../plazos/NoticesPanel.tsx';
import { TrafficLight } from '../plazos/TrafficLight.tsx';
import { CompleteTaskForm } from './CompleteTaskForm.tsx';
import {
  DEFAULT_INBOX,
  PAGE_SIZE,
  TASK_SCOPES,
  TASK_SORTS,
  inboxFromSearch,
  inboxQuery,
  isMine,
  isOverdue,
  searchFromInbox,
  taskPath,
  type InboxState,
  type Task,
  type TaskList,
} from './tasks.ts';
import { TaskProblem } from './TaskProblem.tsx';

/**
 * "Mis tareas": the open tasks of the caller's expedientes assigned to them or theirs to claim,
 * filtered and sorted through the URL, with claim, give back and complete on each.
 */
export function TasksPage() {
  const { t } = useTranslation();
  const { api, profile } = useServices();
  const [params, setParams] = useSearchParams();
  const state = inboxFromSearch(params);
  const query = inboxQuery(state);
  const [list, reload] = useLoad<TaskList>(query, (signal) => api.get<TaskList>(`/api/tasks?${query}`, signal));
  const [procedures] = useLoad<ProcedureListResource>('/api/procedures', (signal) => api.get<ProcedureListResource>('/api/procedures', signal));
  const [notice, setNotice] = useState('');
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [completing, setCompleting] = useState<Task | null>(null);
  const go = (next: InboxState) => setParams(searchFromInbox(next));
  const now = new Date();
  const data = list.state === 'ready' ? list.data : undefined;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  const nameOf = (task: Task) => task.name ?? task.nodeId;

  const act = async (task: Task, action: 'claim' | 'unclaim') => {
    setBusy(task.taskId);
    setNotice('');
    setFailure(null);
    try {
      await api.json('POST', `${taskPath(task.taskId)}/${action}`);
      setNotice(t(`tasks.${action}ed`, { name: nameOf(task), code: task.fileCode }));
    } catch (error) {
      setFailure(error);
    }
    setBusy(null);
    reload();
  };

  const procedureNames = new Map(procedures.state === 'ready' ? procedures.data.items.map((p) => [p.code, p.name]) : []);
  const procedureCodes = [...procedureNames.entries()];

  return (
    <>
      <h1 tabIndex={-1}>{t('tasks.title')}</h1>
      <p className="hint page-intro">{t('tasks.intro')}</p>
      <InboxFilters
        state={state}
        procedures={procedureCodes}
        onApply={(filters) => go({ ...state, ...filters, page: 1 })}
        onClear={() => setParams(new URLSearchParams())}
      />

      <NoticesPanel />

      <section className="card" aria-labelledby="tasks-heading">
        <h2 id="tasks-heading" className="visually-hidden">
          {t('tasks.results')}
        </h2>
        <ListFeedback
          notice={notice}
          failure={failure}
          list={list}
          empty={data?.items.length === 0}
          emptyText={t('tasks.empty')}
          onRetry={reload}
          Problem={TaskProblem}
        />
        {data && data.items.length > 0 ? (
          <>
            <p className="results-summary">
              {t('tasks.summary', { first: (state.page - 1) * PAGE_SIZE + 1, last: (state.page - 1) * PAGE_SIZE + data.items.length, total: data.total })}
            </p>
            <div className="table-wrap">
              <table className="table">
                <caption className="visually-hidden">{t('tasks.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('tasks.task')}</th>
                    <th scope="col">{t('tasks.file')}</th>
                    <th scope="col">{t('tasks.procedure')}</th>
                    <th scope="col">{t('tasks.due')}</th>
                    <th scope="col">{t('tasks.assignee')}</th>
                    <th scope="col">{t('tasks.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((task) => {
                    const name = nameOf(task);
                    const mine = isMine(task, profile.username);
                    const overdue = isOverdue(task.dueAt, now);
                    const named = { name, code: task.fileCode };
                    return (
                      <tr key={task.taskId}>
                        <th scope="row" className="row-name">
                          {name}
                          {task.priority !== null ? <span className="muted"> · {t('tasks.priority', { priority: task.priority })}</span> : null}
                        </th>
                        <td>
                          <Link to={`/expedientes/${encodeURIComponent(task.fileCode)}`}>{task.fileCode}</Link>
                        </td>
                        <td>{procedureNames.get(task.procedureCode) ?? task.procedureCode}</td>
                        <td className="nowrap">
                          {task.dueAt ? formatDateTime(task.dueAt) : t('tasks.noDue')}
                          {overdue && !task.plazo ? <span className="badge badge-overdue">{t('tasks.overdue')}</span> : null}
                          {task.plazo ? (
                            <span className="task-plazo">
                              <TrafficLight light={task.plazo.trafficLight} /> {task.plazo.timeLeft}
                              <span className="muted">
                                {' '}
                                · {task.plazo.durationText}
                                {task.plazo.dueStatus === 'PROVISIONAL' ? ` · ${t('tasks.plazoProvisional')}` : ''}
                              </span>
                            </span>
                          ) : null}
                        </td>
                        <td>
                          {mine
                            ? t('tasks.assignedToYou')
                            : (task.assignee ?? t('tasks.unassigned', { groups: [...task.candidateGroups, ...task.candidateUsers].join(', ') || '—' }))}
                        </td>
                        <td>
                          <div className="row-actions">
                            {task.assignee === null ? (
                              <button
                                type="button"
                                className="button button-small"
                                disabled={busy === task.taskId}
                                aria-label={t('tasks.claimNamed', named)}
                                onClick={() => void act(task, 'claim')}
                              >
                                {t('tasks.claim')}
                              </button>
                            ) : null}
                            {mine ? (
                              <button
                                type="button"
                                className="button button-small"
                                disabled={busy === task.taskId}
                                aria-label={t('tasks.unclaimNamed', named)}
                                onClick={() => void act(task, 'unclaim')}
                              >
                                {t('tasks.unclaim')}
                              </button>
                            ) : null}
                            {mine || task.assignee === null ? (
                              <button
                                type="button"
                                className="button button-small button-primary"
                                aria-label={t('tasks.completeNamed', named)}
                                aria-expanded={completing?.taskId === task.taskId}
                                onClick={() => {
                                  setNotice('');
                                  setFailure(null);
                                  setCompleting(task);
                                }}
                              >
                                {t('tasks.complete.open')}
                              </button>
                            ) : null}
                          </div>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <nav className="pagination" aria-label={t('list.pagination')}>
              <button type="button" className="button" disabled={state.page <= 1} onClick={() => go({ ...state, page: state.page - 1 })}>
                {t('list.previous')}
              </button>
              <span>{t('list.pageOf', { page: Math.min(state.page, pages), pages })}</span>
              <button type="button" className="button" disabled={state.page >= pages} onClick={() => go({ ...state, page: state.page + 1 })}>
                {t('list.next')}
              </button>
            </nav>
          </>
        ) : null}
      </section>

      {completing ? (
        <CompleteTaskForm
          key={completing.taskId}
          task={completing}
          onCancel={() => setCompleting(null)}
          onCompleted={() => {
            setNotice(t('tasks.completed', { name: nameOf(completing), code: completing.fileCode }));
            setCompleting(null);
            reload();
          }}
        />
      ) : null}
    </>
  );
}

interface FiltersProps {
  state: InboxState;
  procedures: [code: string, name: string][];
  onApply: (filters: Pick<InboxState, 'scope' | 'procedure' | 'fileCode' | 'sort'>) => void;
  onClear: () => void;
}

/** The inbox's filters, applied on submit so each view is one URL. */
function InboxFilters({ state, procedures, onApply, onClear }: FiltersProps) {
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState({ scope: state.scope, procedure: state.procedure, fileCode: state.fileCode, sort: state.sort });
  // The URL is the truth: back/forward replaces what the form shows.
  useEffect(() => {
    setDraft({ scope: state.scope, procedure: state.procedure, fileCode: state.fileCode, sort: state.sort });
  }, [state.scope, state.procedure, state.fileCode, state.sort]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply({ ...draft, fileCode: draft.fileCode.trim() });
  };
  return (
    <div className="card filters">
      <form role="search" aria-label={t('tasks.filters')} onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-scope`}>{t('tasks.scope')}</label>
          <select id={`${id}-scope`} value={draft.scope} onChange={(e) => setDraft({ ...draft, scope: e.target.value as InboxState['scope'] })}>
            <option value="">{t('tasks.scopes.all')}</option>
            {TASK_SCOPES.map((scope) => (
              <option key={scope} value={scope}>
                {t(`tasks.scopes.${scope}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-procedure`}>{t('tasks.procedure')}</label>
          <select id={`${id}-procedure`} value={draft.procedure} onChange={(e) => setDraft({ ...draft, procedure: e.target.value })}>
            <option value="">{t('list.any')}</option>
            {procedures.map(([code, name]) => (
              <option key={code} value={code}>
                {name} ({code})
              </option>
            ))}
            {draft.procedure && !procedures.some(([code]) => code === draft.procedure) ? <option value={draft.procedure}>{draft.procedure}</option> : null}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-file`}>{t('tasks.file')}</label>
          <input id={`${id}-file`} type="search" maxLength={100} value={draft.fileCode} onChange={(e) => setDraft({ ...draft, fileCode: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-sort`}>{t('tasks.sort')}</label>
          <select id={`${id}-sort`} value={draft.sort} onChange={(e) => setDraft({ ...draft, sort: e.target.value as InboxState['sort'] })}>
            {TASK_SORTS.map((sort) => (
              <option key={sort} value={sort}>
                {t(`tasks.sorts.${sort}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="actions">
          <button type="submit" className="button button-primary">
            {t('tasks.apply')}
          </button>
          <button type="button" className="button" onClick={onClear} disabled={searchFromInbox({ ...state, page: DEFAULT_INBOX.page }).size === 0}>
            {t('list.clear')}
          </button>
        </div>
      </form>
    </div>
  );
}
