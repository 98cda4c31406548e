import type { TimerDefinition } from './model.ts';

/**
 * What goes into and comes out of the engine (execute.ts). The engine is a pure function:
 * (model, state, event, services) → (state, effects). It never reads a clock, a database or a
 * random source itself, so bpm can apply an event and persist what it produced in one
 * transaction, and a replayed event is refused instead of applied twice.
 */

/** Process variables: JSON values only. */
export type Variables = Record<string, unknown>;

/** Something that happens to an instance. Ids (task, timer, call, incident) are the ones the engine handed out in its effects. */
export type EngineEvent =
  | { type: 'start'; variables: Variables; /** The starting user's id, stored under the start event's initiator variable. */ initiator: string | null }
  | { type: 'completeTask'; taskId: string; variables: Variables }
  /** The person working on a user task ends it with a BPMN error ("cancel this phase"): an error boundary on the task catches it. */
  | { type: 'throwError'; taskId: string; errorCode: string; variables: Variables }
  | { type: 'fireTimer'; timerId: string }
  /** A child instance started by a call activity ended; its variables flow back. */
  | { type: 'callCompleted'; callId: string; variables: Variables }
  /** An administrator retries an incident after fixing data; the variables are merged first. */
  | { type: 'retryIncident'; incidentId: string; variables: Variables }
  /** The instance is ended from outside (its expediente was withdrawn): every token, task, timer and call is cancelled. */
  | { type: 'cancel' };

/** A work item to create: the engine has already resolved its expressions. */
export interface TaskToCreate {
  taskId: string;
  /** The user task's element id and name. */
  nodeId: string;
  name: string | null;
  assignee: string | null;
  candidateUsers: string[];
  candidateGroups: string[];
  dueAt: Date | null;
  priority: number | null;
  formKey: string | null;
}

/** What bpm must persist or do after an event, in the order they happened. */
export type EngineEffect =
  | { type: 'taskCreated'; task: TaskToCreate }
  | { type: 'taskCompleted'; taskId: string }
  /** Cancelled by an interrupting boundary, a terminate end, an error or a cancel. */
  | { type: 'taskCancelled'; taskId: string }
  | { type: 'timerScheduled'; timerId: string; nodeId: string; dueAt: Date }
  | { type: 'timerCancelled'; timerId: string }
  | { type: 'callStarted'; callId: string; nodeId: string; calledElement: string; variables: Variables }
  | { type: 'callCancelled'; callId: string }
  | { type: 'incidentRaised'; incidentId: string; nodeId: string; message: string }
  | { type: 'incidentResolved'; incidentId: string }
  /** History for the diagram and the audit trail: an element was entered, left (or cancelled), a flow taken. */
  | { type: 'activityStarted'; nodeId: string }
  | { type: 'activityEnded'; nodeId: string; cancelled: boolean }
  | { type: 'flowTaken'; flowId: string }
  /** A pass-through automatic task (T1): nothing was executed (bpmn-subset.md §1.3). */
  | { type: 'automaticStepSkipped'; nodeId: string; bpmnType: string }
  /** No token is left: the instance is over (terminated: by a terminate end event or a cancel). */
  | { type: 'instanceEnded'; terminated: boolean };

/** The result of a computation that may fail on data (a missing variable, a bad date): the failure becomes an incident. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

/** What the engine asks of its host: the current time and the evaluation of what files write as text. */
export interface EngineServices {
  now: Date;
  /** A sequence-flow condition against the variables (conditions.ts). */
  evaluateCondition(text: string, variables: Variables): Outcome<boolean>;
  /** An assignment or priority value: a literal as is, an expression resolved (expressions.ts). */
  resolveValue(text: string, variables: Variables): Outcome<unknown>;
  /**
   * When a timer started at `from` is next due, `fired` earlier firings counted (a cycle repeats);
   * null: a cycle with no repetition left (timers.ts).
   */
  timerDue(timer: TimerDefinition, from: Date, fired: number, variables: Variables): Outcome<Date | null>;
  /** A user task's due date from its `dueDate` text, counted from its creation (timers.ts). */
  taskDue(text: string, calendar: string | null, created: Date, variables: Variables): Outcome<Date>;
  /**
   * When a plazo in legal units (`10 días hábiles`) that starts at `from` ends, in the calendar of
   * the expediente's organism (Ley 39/2015 art. 30; ADR 0016); a failure becomes an incident.
   */
  plazoDue(text: string, from: Date): Outcome<Date>;
}

/** An event the instance cannot take (an unknown or finished task, a timer already fired…): nothing changed. */
export interface RefusedEvent {
  code: 'unknown-task' | 'unknown-timer' | 'unknown-call' | 'unknown-incident' | 'error-not-caught' | 'instance-ended' | 'already-started';
  message: string;
}
