import { conflict, forbidden, type Actor } from '@tramita/kernel';

/** A work item: one user task reached by a process instance (ADR 0015). */
export interface TaskState {
  /** `<instance id>.<engine task id>`: unique, and safe in a URL path. */
  taskId: string;
  instanceId: string;
  processId: string;
  /** The expediente's organism: only its members see the task (ADR 0013). */
  organism: string;
  fileCode: string;
  procedureCode: string;
  /** The user task's element id and name in the procedure. */
  nodeId: string;
  name: string | null;
  assignee: string | null;
  candidateUsers: string[];
  candidateGroups: string[];
  dueAt: Date | null;
  priority: number | null;
  formKey: string | null;
  state: 'open' | 'completed' | 'cancelled';
  createdAt: Date;
  endedAt: Date | null;
  endedBy: Actor | null;
  /** 1 at creation, +1 per change. */
  version: number;
}

/** Who acts on a task: their user name, and their roles in the task's organism. */
export interface TaskWorker {
  username: string;
  roles: readonly string[];
}

/** A work item and the rules of claiming, handing over and completing it. */
export class Task {
  #state: TaskState;

  private constructor(state: TaskState) {
    this.#state = state;
  }

  static restore(state: TaskState): Task {
    return new Task({ ...state, candidateUsers: [...state.candidateUsers], candidateGroups: [...state.candidateGroups] });
  }

  state(): TaskState {
    return { ...this.#state, candidateUsers: [...this.#state.candidateUsers], candidateGroups: [...this.#state.candidateGroups] };
  }

  get taskId(): string {
    return this.#state.taskId;
  }
  get version(): number {
    return this.#state.version;
  }
  get open(): boolean {
    return this.#state.state === 'open';
  }

  /** Whether the worker may claim it: a candidate user, or holding one of its candidate groups. */
  isCandidate(worker: TaskWorker): boolean {
    return this.#state.candidateUsers.includes(worker.username) || this.#state.candidateGroups.some((group) => worker.roles.includes(group));
  }

  /** In the worker's inbox: assigned to them, or unassigned and theirs to claim. */
  isInInboxOf(worker: TaskWorker): boolean {
    return this.#state.assignee === worker.username || (this.#state.assignee === null && this.isCandidate(worker));
  }

  /** Takes the task: it must be open, unassigned (or already theirs) and theirs to claim. */
  claim(worker: TaskWorker): void {
    this.#requireOpen();
    if (this.#state.assignee === worker.username) return;
    if (this.#state.assignee !== null)
      throw conflict('task-claimed', `Task ${this.#state.taskId} is assigned to ${this.#state.assignee}.`, { assignee: this.#state.assignee });
    if (!this.isCandidate(worker)) throw notCandidate(this.#state);
    this.#change({ assignee: worker.username });
  }

  /** Gives the task back to its candidates: its assignee may, and so may an administrator of its organism. */
  unclaim(worker: TaskWorker): void {
    this.#requireOpen();
    if (this.#state.assignee === null) return;
    if (this.#state.assignee !== worker.username && !worker.roles.includes('admin')) throw notAssignee(this.#state);
    this.#change({ assignee: null });
  }

  /** Hands the task to someone else: its assignee (or an administrator of its organism) may. */
  delegate(worker: TaskWorker, to: string): void {
    this.#requireOpen();
    if (this.#state.assignee !== worker.username && !worker.roles.includes('admin')) throw notAssignee(this.#state);
    this.#change({ assignee: to });
  }

  /** Checks the worker may complete it now: its assignee, or a candidate of an unassigned task (who claims it by completing). */
  assertCompletableBy(worker: TaskWorker): void {
    this.#requireOpen();
    if (this.#state.assignee === worker.username) return;
    if (this.#state.assignee !== null)
      throw conflict('task-claimed', `Task ${this.#state.taskId} is assigned to ${this.#state.assignee}.`, { assignee: this.#state.assignee });
    if (!this.isCandidate(worker)) throw notCandidate(this.#state);
  }

  /** Ends the task: completed by `by`, or cancelled by the engine (an interrupting timer, an error, a terminate end). */
  end(outcome: 'completed' | 'cancelled', by: Actor | null, now: Date): void {
    this.#requireOpen();
    this.#change({ state: outcome, endedAt: now, endedBy: by, ...(outcome === 'completed' && by ? { assignee: by.username } : {}) });
  }

  #requireOpen(): void {
    if (!this.open) throw conflict('task-ended', `Task ${this.#state.taskId} is already ${this.#state.state}.`, { state: this.#state.state });
  }

  #change(changes: Partial<TaskState>): void {
    this.#state = { ...this.#state, ...changes, version: this.#state.version + 1 };
  }
}

const notCandidate = (task: TaskState) =>
  forbidden('task-not-yours', `Task ${task.taskId} is for ${[...task.candidateGroups, ...task.candidateUsers].join(', ') || 'its assignee'}.`, {
    candidateGroups: task.candidateGroups,
    candidateUsers: task.candidateUsers,
  });
const notAssignee = (task: TaskState) =>
  forbidden('task-not-assigned-to-you', `Only the assignee of task ${task.taskId} (or an administrator) may hand it over.`);
