import type { Actor } from '@tramita/kernel';

/** A coded value with its Spanish name (phase, initial option). */
export interface CodeName {
  code: string;
  name: string;
}

/** What the index knows about an expediente, from files.events (keyed by file code). */
export interface FileView {
  code: string;
  /** The organism (DIR3) the expediente belongs to: the list shows it only to its members (ADR 0013). */
  organism: string;
  /** Process instance (bpm) that drives the expediente: the join key to {@link ProcessView}. */
  processId: string;
  initialOption: CodeName;
  description: string;
  /** ISO-8601 instants. */
  createdAt: string;
  createdBy: Actor;
  updatedAt: string;
  /** Version of the last applied files snapshot. */
  version: number;
}

/** A live process instance, from bpm.events (keyed by process id). */
export interface LiveProcessView {
  status: 'live';
  processId: string;
  fileCode: string;
  /** The expediente's organism, when bpm's snapshot states it (snapshots before organisms do not). */
  organism?: string;
  phase: CodeName;
  finished: boolean;
  startedAt: string;
  updatedAt: string;
  version: number;
}

/** A deleted process: kept with its version so a late, older event cannot bring it back. */
export interface ProcessTombstone {
  status: 'deleted';
  processId: string;
  fileCode: string;
  version: number;
}

export type ProcessView = LiveProcessView | ProcessTombstone;

/** The states of a plazo as bpm publishes them (ADR 0016). */
export type PlazoState = 'RUNNING' | 'SUSPENDED' | 'EXPIRED' | 'CLOSED';

/**
 * An expediente's maximum plazo to resolve and notify (art. 21 Ley 39/2015), from bpm.events'
 * PlazoChanged (keyed by process id). Kept on its own, like the process view, so it waits for its
 * process and file whatever order the events arrive in.
 */
export interface PlazoView {
  processId: string;
  fileCode: string;
  /** The organism bpm states: the row shows the plazo only when it is the expediente's organism. */
  organism: string;
  plazoId: string;
  state: PlazoState;
  /** ISO-8601 instants; `dueAt` is null while suspended. */
  dueAt: string | null;
  nearFrom: string | null;
  /** FINAL when every day counted lies in a verified calendar, PROVISIONAL otherwise. */
  dueStatus: 'FINAL' | 'PROVISIONAL' | null;
  /** The plazo's version in bpm, growing with each change. */
  version: number;
}

/** One row of the expediente list (a file view joined to its live process view, if any): the contract `GET /api/files` serves. */
export type { FileListItem } from '@tramita/contracts';
