import { notFound, refusedAccess } from '@tramita/kernel';
import { canSeeOrganism, rolesIn, type OrganismCaller } from '@tramita/platform';
import type { TaskResource } from '@tramita/contracts';
import type { Task, TaskState, TaskWorker } from '../domain/task.ts';
import type { TaskRepository } from '../domain/task-repository.ts';
import type { PlazoState } from '../domain/plazo.ts';
import { formatLegalDuration } from '@tramita/legal-time';
import { timeLeftOf, trafficLightOf } from './plazo-view.ts';

export const taskNotFound = (taskId: string) => notFound('task-not-found', `There is no task ${taskId}.`, { taskId });

/** A person acting on a task: the roles that count are those held in the task's organism (ADR 0013). */
export const workerIn = (caller: OrganismCaller & { username: string }, organism: string): TaskWorker => ({
  username: caller.username,
  roles: rolesIn(caller.memberships, organism),
});

/**
 * The task, if the caller's organisms include its expediente's; another organism's task is
 * answered exactly as a missing one, marked as a refusal for the audit trail (ADR 0013, 0014).
 */
export async function visibleTask(tasks: TaskRepository, taskId: string, caller: OrganismCaller, options: { lock?: boolean } = {}): Promise<Task> {
  const task = options.lock ? await tasks.lock(taskId) : await tasks.find(taskId);
  if (!task) throw taskNotFound(taskId);
  const { organism, fileCode } = task.state();
  if (!canSeeOrganism(caller, organism)) throw refusedAccess(taskNotFound(taskId), { organism, fileCode });
  return task;
}

/** A task as the API answers it. */
export function taskResource(task: TaskState): TaskResource {
  return {
    taskId: task.taskId,
    fileCode: task.fileCode,
    organism: task.organism,
    procedureCode: task.procedureCode,
    nodeId: task.nodeId,
    name: task.name,
    assignee: task.assignee,
    candidateUsers: task.candidateUsers,
    candidateGroups: task.candidateGroups,
    dueAt: task.dueAt?.toISOString() ?? null,
    priority: task.priority,
    formKey: task.formKey,
    state: task.state,
    createdAt: task.createdAt.toISOString(),
    endedAt: task.endedAt?.toISOString() ?? null,
    endedBy: task.endedBy,
    version: task.version,
  };
}

/** A task resource with its plazo in legal units (ADR 0016), when the task states one. */
export function withPlazo(resource: TaskResource, plazo: PlazoState | undefined, now: Date): TaskResource {
  if (!plazo?.due) return resource;
  return {
    ...resource,
    plazo: {
      plazoId: plazo.plazoId,
      durationText: formatLegalDuration(plazo.duration),
      dueStatus: plazo.due.status,
      trafficLight: trafficLightOf(plazo, now),
      timeLeft: timeLeftOf(plazo, now),
    },
  };
}
