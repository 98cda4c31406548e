import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompleteTaskRequest } from '@tramita/contracts';
import { FormActions } from '../forms/FormActions.tsx';
import { useServices } from '../api/context.tsx';
import { ApiError } from '../api/problem.ts';
import { useLoad } from '../api/use-load.ts';
import { taskPath, type Task } from './tasks.ts';
import { TaskProblem } from './TaskProblem.tsx';

interface Props {
  task: Task;
  onCompleted: () => void;
  onCancel: () => void;
}

/**
 * "Completar": the task read again for its decisions (the ways out the caller may take, as a
 * radio group), then the completion with the version seen, so a task changed meanwhile is refused.
 */
export function CompleteTaskForm({ task, onCompleted, onCancel }: Props) {
  const { t } = useTranslation();
  const { api } = useServices();
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const firstChoice = useRef<HTMLInputElement>(null);
  const [detail, reload] = useLoad<Task>(taskPath(task.taskId), (signal) => api.get<Task>(taskPath(task.taskId), signal));
  const [choice, setChoice] = useState('');
  const [missingChoice, setMissingChoice] = useState(false);
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const name = task.name ?? task.nodeId;

  useEffect(() => heading.current?.focus(), []);

  const decisions = detail.state === 'ready' ? (detail.data.decisions ?? []) : [];
  const allowed = decisions.filter((d) => d.allowed);
  const reserved = decisions.filter((d) => !d.allowed);
  const only = allowed.length === 1 ? allowed[0]!.to.code : '';
  const chosen = choice || only;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (detail.state !== 'ready') return;
    if (allowed.length > 0 && !chosen) {
      setMissingChoice(true);
      firstChoice.current?.focus();
      return;
    }
    setMissingChoice(false);
    setSending(true);
    setFailure(null);
    const body: CompleteTaskRequest = { expectedVersion: detail.data.version, ...(chosen ? { decision: chosen } : {}) };
    try {
      await api.json('POST', `${taskPath(task.taskId)}/complete`, { body });
      onCompleted();
    } catch (error) {
      setFailure(error);
      setSending(false);
      // Changed meanwhile: read it again, so a second try carries the version now current.
      if (error instanceof ApiError && error.status === 409) reload();
    }
  };

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} tabIndex={-1} ref={heading}>
        {t('tasks.complete.title', { name, code: task.fileCode })}
      </h2>
      {detail.state === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
      {detail.state === 'error' ? (
        <>
          <TaskProblem error={detail.error} />
          <button type="button" className="button button-small" onClick={reload}>
            {t('common.retry')}
          </button>
        </>
      ) : null}
      {detail.state === 'ready' ? (
        <form onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-heading`} noValidate>
          {decisions.length === 0 ? <p>{t('tasks.complete.noDecision')}</p> : null}
          {decisions.length > 0 && allowed.length === 0 ? <p className="alert alert-info">{t('tasks.complete.noneAllowed')}</p> : null}
          {allowed.length > 0 ? (
            <fieldset aria-describedby={missingChoice ? `${id}-missing` : undefined} className="field">
              <legend className="label">{t('tasks.complete.decision')}</legend>
              <div className="checks checks-column">
                {allowed.map((decision, index) => (
                  <label key={decision.to.code} className="check">
                    <input
                      ref={index === 0 ? firstChoice : undefined}
                      type="radio"
                      name={`${id}-decision`}
                      value={decision.to.code}
                      checked={chosen === decision.to.code}
                      aria-invalid={missingChoice ? true : undefined}
                      onChange={() => setChoice(decision.to.code)}
                    />
                    {t('tasks.complete.goTo', { name: decision.to.name })}
                  </label>
                ))}
              </div>
              {missingChoice ? (
                <p id={`${id}-missing`} className="field-error">
                  {t('tasks.complete.chooseOne')}
                </p>
              ) : null}
            </fieldset>
          ) : null}
          {reserved.length > 0 ? <p className="hint">{t('tasks.complete.reserved', { names: reserved.map((d) => d.to.name).join(', ') })}</p> : null}
          {failure ? <TaskProblem error={failure} /> : null}
          <FormActions sending={sending} submitLabel={t('tasks.complete.submit')} onCancel={onCancel} disabled={decisions.length > 0 && allowed.length === 0} />
        </form>
      ) : null}
    </section>
  );
}
