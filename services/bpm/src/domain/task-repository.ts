import type { Task, TaskState } from './task.ts';

/** Who is asking for their inbox: their user name and their roles, organism by organism. */
export interface InboxReader {
  username: string;
  /** Only these organisms' tasks are read; the roles are those held in each. */
  organisms: readonly { organism: string; roles: readonly string[] }[];
}

export interface InboxFilter {
  procedureCode?: string | undefined;
  fileCode?: string | undefined;
  /** `mine`: assigned to the reader; `claimable`: unassigned and theirs to claim; omitted: both. */
  scope?: 'mine' | 'claimable' | undefined;
  /** `due` (soonest first, those without a due date last), `-due`, `priority` (highest first), `created` (oldest first). */
  sort?: 'due' | '-due' | 'priority' | 'created' | undefined;
  limit: number;
  offset: number;
}

/** Work items (ADR 0015). The inbox is filtered in the query: another organism's tasks never leave the database. */
export interface TaskRepository {
  find(taskId: string): Promise<Task | null>;
  /** Loads and locks the task until the transaction ends. */
  lock(taskId: string): Promise<Task | null>;
  insert(task: TaskState): Promise<void>;
  /** Saves a changed task; false if it is no longer at `loadedVersion`. */
  update(task: Task, loadedVersion: number): Promise<boolean>;
  /** The reader's open tasks: assigned to them, or unassigned with them among the candidates. */
  inbox(reader: InboxReader, filter: InboxFilter): Promise<{ items: TaskState[]; total: number }>;
  /** Every task of a process, oldest first (the detail's history and the diagram). */
  ofProcess(processId: string): Promise<TaskState[]>;
}
