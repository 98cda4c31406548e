import { Task, type TaskState } from '../../domain/task.ts';
import type { InboxFilter, InboxReader, TaskRepository } from '../../domain/task-repository.ts';

/** Work items kept in memory (unit tests); the same inbox rules as the SQL query. */
export class InMemoryTaskRepository implements TaskRepository {
  readonly #tasks = new Map<string, TaskState>();

  async find(taskId: string): Promise<Task | null> {
    const state = this.#tasks.get(taskId);
    return state ? Task.restore(state) : null;
  }

  lock(taskId: string): Promise<Task | null> {
    return this.find(taskId);
  }

  async insert(task: TaskState): Promise<void> {
    if (this.#tasks.has(task.taskId)) throw new Error(`Task ${task.taskId} exists`);
    this.#tasks.set(task.taskId, { ...task });
  }

  async update(task: Task, loadedVersion: number): Promise<boolean> {
    if (this.#tasks.get(task.taskId)?.version !== loadedVersion) return false;
    this.#tasks.set(task.taskId, task.state());
    return true;
  }

  async inbox(reader: InboxReader, filter: InboxFilter): Promise<{ items: TaskState[]; total: number }> {
    const matching = [...this.#tasks.values()].filter((task) => {
      const roles = reader.organisms.find((o) => o.organism === task.organism)?.roles;
      if (task.state !== 'open' || roles === undefined) return false;
      if (filter.procedureCode !== undefined && task.procedureCode !== filter.procedureCode) return false;
      if (filter.fileCode !== undefined && task.fileCode !== filter.fileCode) return false;
      const mine = task.assignee === reader.username;
      const claimable = task.assignee === null && Task.restore(task).isCandidate({ username: reader.username, roles });
      return filter.scope === 'mine' ? mine : filter.scope === 'claimable' ? claimable : mine || claimable;
    });
    const due = (task: TaskState, missing: number) => task.dueAt?.getTime() ?? missing;
    const order: Record<NonNullable<InboxFilter['sort']>, (a: TaskState, b: TaskState) => number> = {
      due: (a, b) => due(a, Infinity) - due(b, Infinity),
      '-due': (a, b) => due(b, -Infinity) - due(a, -Infinity),
      priority: (a, b) => (b.priority ?? -Infinity) - (a.priority ?? -Infinity),
      created: (a, b) => a.createdAt.getTime() - b.createdAt.getTime(),
    };
    const sorted = matching.sort(
      (a, b) => order[filter.sort ?? 'due'](a, b) || a.createdAt.getTime() - b.createdAt.getTime() || a.taskId.localeCompare(b.taskId),
    );
    return { items: sorted.slice(filter.offset, filter.offset + filter.limit), total: sorted.length };
  }

  async ofProcess(processId: string): Promise<TaskState[]> {
    return [...this.#tasks.values()].filter((task) => task.processId === processId).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }
}
