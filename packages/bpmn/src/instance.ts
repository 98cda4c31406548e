import type { Variables } from './engine-api.ts';

/**
 * The state of one process instance as the engine keeps it between events (ADR 0015): plain
 * JSON (dates as ISO strings), stored by bpm in one row and handed back with the next event.
 */
export interface InstanceState {
  status: 'active' | 'ended' | 'terminated';
  variables: Variables;
  /** The last id handed out (tokens, scopes, tasks, timers, calls, incidents). */
  counter: number;
  /** Scope instances alive: the process itself, and each embedded sub-process being run. */
  scopes: ScopeInstance[];
  /** Tokens waiting somewhere: at a task, a timer, a call, a sub-process, or in an incident. */
  tokens: Token[];
  /** Tokens that reached a parallel join and wait for the other branches, per scope instance. */
  joins: JoinArrival[];
  timers: TimerState[];
  incidents: IncidentState[];
  /** How often each element completed (the diagram shades them and shows the count). */
  runs: Record<string, number>;
  /** How often each sequence flow was taken. */
  flowsTaken: Record<string, number>;
}

export interface ScopeInstance {
  id: string;
  /** The process id, or the embedded sub-process's element id. */
  nodeId: string;
  /** The scope instance it runs in; null for the process itself. */
  parent: string | null;
}

export type TokenWait = 'task' | 'timer' | 'call' | 'subprocess' | 'incident';

export interface Token {
  id: string;
  nodeId: string;
  /** The scope instance the token is in. */
  scope: string;
  wait: TokenWait;
  /** The engine's id of what it waits for: the task, the timer (catch event), the call, the sub-process's scope instance, the incident. */
  ref: string;
  /** Boundary timers running while it waits (their timer ids). */
  boundaryTimers: string[];
}

export interface JoinArrival {
  gateway: string;
  scope: string;
  /** One entry per token arrived, by the flow it came along. */
  flows: string[];
}

export interface TimerState {
  id: string;
  /** The timer catch event or boundary event. */
  nodeId: string;
  /** The token it belongs to: waiting at the catch event, or at the activity the boundary is attached to. */
  token: string;
  /** When the timer started counting (a cycle's occurrences count from it). */
  startedAt: string;
  dueAt: string;
  /** Earlier firings (cycles). */
  fired: number;
}

export interface IncidentState {
  id: string;
  token: string;
  nodeId: string;
  message: string;
  /**
   * What a retry does: enter the element again, evaluate the gateway again, leave the element
   * again, or compute a boundary timer again (its activity runs on meanwhile).
   */
  retry: 'enter' | 'gateway' | 'leave' | 'timer';
}
