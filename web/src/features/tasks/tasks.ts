import type { TaskListResource, TaskResource } from '@tramita/contracts';
import { ApiError, problemKey } from '../api/problem.ts';

export type Task = TaskResource;
export type TaskList = TaskListResource;
export type Decision = NonNullable<TaskResource['decisions']>[number];

export const TASK_SORTS = ['due', '-due', 'priority', 'created'] as const;
export type TaskSort = (typeof TASK_SORTS)[number];
export const TASK_SCOPES = ['mine', 'claimable'] as const;
export type TaskScope = (typeof TASK_SCOPES)[number];
export const PAGE_SIZE = 20;

/** The inbox's filters as they live in the URL (a view can be bookmarked); empty means "any". */
export interface InboxState {
  scope: TaskScope | '';
  procedure: string;
  fileCode: string;
  sort: TaskSort;
  page: number;
}

export const DEFAULT_INBOX: InboxState = { scope: '', procedure: '', fileCode: '', sort: 'due', page: 1 };

const oneOf = <T extends string>(values: readonly T[], value: string | null, fallback: T): T => {
  const given = value ?? '';
  return (values as readonly string[]).includes(given) ? (given as T) : fallback;
};

export function inboxFromSearch(params: URLSearchParams): InboxState {
  const page = Number(params.get('page'));
  return {
    scope: oneOf<TaskScope | ''>(['', ...TASK_SCOPES], params.get('scope'), ''),
    procedure: (params.get('procedure') ?? '').slice(0, 100),
    fileCode: (params.get('fileCode') ?? '').trim().slice(0, 100),
    sort: oneOf(TASK_SORTS, params.get('sort'), 'due'),
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

/** The URL's query for a state: only what differs from the defaults. */
export function searchFromInbox(state: InboxState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.scope) params.set('scope', state.scope);
  if (state.procedure) params.set('procedure', state.procedure);
  if (state.fileCode) params.set('fileCode', state.fileCode);
  if (state.sort !== DEFAULT_INBOX.sort) params.set('sort', state.sort);
  if (state.page > 1) params.set('page', String(state.page));
  return params;
}

/** `GET /api/tasks`'s query for a state, one page of PAGE_SIZE. */
export function inboxQuery(state: InboxState): string {
  const params = new URLSearchParams();
  if (state.scope) params.set('scope', state.scope);
  if (state.procedure) params.set('procedure', state.procedure);
  if (state.fileCode) params.set('fileCode', state.fileCode);
  params.set('sort', state.sort);
  params.set('limit', String(PAGE_SIZE));
  params.set('offset', String((state.page - 1) * PAGE_SIZE));
  return params.toString();
}

/** Whether a due date has passed (then the list says "vencida" in words, not in colour alone). */
export function isOverdue(dueAt: string | null, now: Date): boolean {
  return dueAt !== null && new Date(dueAt).getTime() < now.getTime();
}

/** Who may work a task now: its assignee, or (unassigned) whoever the inbox offered it to. */
export const isMine = (task: Task, username: string) => task.assignee === username;

export const taskPath = (id: string) => `/api/tasks/${encodeURIComponent(id)}`;

/** Refusals of the task routes with a sentence of their own (`tasks.problems.<code>`). */
const OWN = new Set([
  'task-not-found',
  'task-claimed',
  'task-ended',
  'task-not-yours',
  'task-not-assigned-to-you',
  'task-version-conflict',
  'decision-required',
  'decision-not-allowed',
]);

export function taskProblemKey(error: unknown): string {
  if (error instanceof ApiError && OWN.has(error.code)) return `tasks.problems.${error.code}`;
  return problemKey(error);
}
