import type { Plazo, PlazoState } from './plazo.ts';

/** The interested party's residence and the channel, for art. 30.6 (ADR 0016); absent: the sede's calendar, electronic. */
export interface PlazoContextRecord {
  residence: { community: string; municipality: string | null } | null;
  channel: 'ELECTRONIC' | 'PRESENTIAL';
}

export interface PlazoRepository {
  insert(plazo: PlazoState): Promise<void>;
  /** Loads and locks the plazo until the transaction ends. */
  lock(plazoId: string): Promise<Plazo | null>;
  /** Saves a changed plazo; false if it is no longer at `loadedVersion`. */
  update(plazo: Plazo, loadedVersion: number): Promise<boolean>;
  /** Every plazo of a process: the maximum first, then trámites oldest first. */
  ofProcess(processId: string): Promise<PlazoState[]>;
  /** The plazo of a user task, locked; null when the task states none. */
  lockOfTask(taskId: string): Promise<Plazo | null>;
  /** The plazos of tasks (for the inbox), by task id. */
  ofTasks(taskIds: readonly string[]): Promise<PlazoState[]>;
  /** Running plazos with a FINAL due date whose end is before `now`, locked; replicas skip each other's (`skip locked`). */
  claimExpired(now: Date, limit: number): Promise<Plazo[]>;
  /** The ids of an organism's open (running or suspended) plazos. */
  openOfOrganism(organism: string): Promise<string[]>;
  /** The ids of every open plazo after `after` (by id), at most `limit`: for paging through them all. */
  openPage(after: string | null, limit: number): Promise<string[]>;
  /** The ids of a process's open plazos. */
  openOfProcess(processId: string): Promise<string[]>;
  /** Unfinished processes with no maximum plazo (started before legal time), oldest first. */
  processesWithoutMaximum(limit: number): Promise<string[]>;
  context(processId: string): Promise<PlazoContextRecord | null>;
  saveContext(processId: string, context: PlazoContextRecord, now: Date): Promise<void>;
}
