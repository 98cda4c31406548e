import type { TaskListResource } from '@tramita/contracts';
import type { OrganismCaller } from '@tramita/platform';
import type { InboxFilter, TaskRepository } from '../domain/task-repository.ts';
import { taskResource } from './task-access.ts';

/**
 * "Mis tareas": the caller's open tasks, in their organisms only — assigned to them, or
 * unassigned with their name or one of their roles there among the candidates (ADR 0015).
 */
export async function listInbox(tasks: TaskRepository, caller: OrganismCaller & { username: string }, filter: InboxFilter): Promise<TaskListResource> {
  const reader = { username: caller.username, organisms: caller.memberships.map(({ organism, roles }) => ({ organism, roles })) };
  const page = await tasks.inbox(reader, filter);
  return { items: page.items.map(taskResource), total: page.total };
}
