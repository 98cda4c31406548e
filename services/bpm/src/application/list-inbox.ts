import type { TaskListResource } from '@tramita/contracts';
import type { OrganismCaller } from '@tramita/platform';
import type { InboxFilter } from '../domain/task-repository.ts';
import type { BpmRepositories } from './ports.ts';
import { taskResource, withPlazo } from './task-access.ts';

/**
 * "Mis tareas": the caller's open tasks, in their organisms only — assigned to them, or
 * unassigned with their name or one of their roles there among the candidates (ADR 0015) —
 * each with its plazo in legal units and traffic light when it states one (ADR 0016).
 */
export async function listInbox(
  repositories: Pick<BpmRepositories, 'tasks' | 'plazos'>,
  caller: OrganismCaller & { username: string },
  filter: InboxFilter,
  now: Date,
): Promise<TaskListResource> {
  const reader = { username: caller.username, organisms: caller.memberships.map(({ organism, roles }) => ({ organism, roles })) };
  const page = await repositories.tasks.inbox(reader, filter);
  const plazos = new Map((await repositories.plazos.ofTasks(page.items.map((task) => task.taskId))).map((plazo) => [plazo.taskId, plazo]));
  return { items: page.items.map((task) => withPlazo(taskResource(task), plazos.get(task.taskId), now)), total: page.total };
}
