import { conflict } from '@tramita/kernel';
import type { TaskResource } from '@tramita/contracts';
import type { AuditedBy, AuditRecorder, OrganismCaller } from '@tramita/platform';
import type { Task, TaskWorker } from '../domain/task.ts';
import type { TaskRepository } from '../domain/task-repository.ts';
import { taskResource, visibleTask, workerIn } from './task-access.ts';

export interface ChangeTaskDeps {
  tasks: TaskRepository;
  /** The audit trail in this transaction: the change and its entry commit together. */
  audit: AuditRecorder;
}

type Caller = OrganismCaller & { username: string };

/** Claims a task for the caller: they must be among its candidates, and nobody may hold it yet (ADR 0015). */
export const claimTask = (deps: ChangeTaskDeps, taskId: string, caller: Caller, audited: AuditedBy) =>
  changeTask(deps, taskId, caller, audited, 'task.claim', (task, worker) => task.claim(worker));

/** Gives a task back to its candidates (its assignee, or an administrator of its organism). */
export const unclaimTask = (deps: ChangeTaskDeps, taskId: string, caller: Caller, audited: AuditedBy) =>
  changeTask(deps, taskId, caller, audited, 'task.unclaim', (task, worker) => task.unclaim(worker));

/** Hands a task to another person (its assignee, or an administrator of its organism). */
export const delegateTask = (deps: ChangeTaskDeps, taskId: string, to: string, caller: Caller, audited: AuditedBy) =>
  changeTask(deps, taskId, caller, audited, 'task.delegate', (task, worker) => task.delegate(worker, to), { to });

async function changeTask(
  deps: ChangeTaskDeps,
  taskId: string,
  caller: Caller,
  audited: AuditedBy,
  action: string,
  change: (task: Task, worker: TaskWorker) => void,
  details: Record<string, unknown> = {},
): Promise<TaskResource> {
  const task = await visibleTask(deps.tasks, taskId, caller, { lock: true });
  const { organism, fileCode } = task.state();
  const loadedVersion = task.version;
  change(task, workerIn(caller, organism));
  if (task.version !== loadedVersion) {
    if (!(await deps.tasks.update(task, loadedVersion))) throw conflict('task-version-conflict', `Task ${taskId} changed meanwhile; reload it and retry.`);
    await deps.audit.record({ action, organism, fileCode, details: { taskId, ...details } }, audited);
  }
  return taskResource(task.state());
}
