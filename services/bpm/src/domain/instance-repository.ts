/** An engine instance as stored (ADR 0015): its state is the engine's JSON, applied against its version. */
export interface StoredInstance {
  instanceId: string;
  /** The expediente's process it belongs to (itself for the root instance). */
  processId: string;
  parentInstanceId: string | null;
  /** The parent's call activity waiting for it. */
  parentCallId: string | null;
  procedure: { catalogue: string | null; code: string; version: number };
  state: unknown;
  version: number;
  ended: boolean;
}

/** A timer that is due: which instance it wakes and the engine's id for it. */
export interface DueTimer {
  timerId: string;
  instanceId: string;
  processId: string;
  /** The engine's own id (the part after the instance id). */
  engineTimerId: string;
}

/** Engine instances, their timers and incidents (bpm tables engine_instances, timers, incidents). */
export interface InstanceRepository {
  find(instanceId: string): Promise<StoredInstance | null>;
  /** Loads and locks the instance until the transaction ends. */
  lock(instanceId: string): Promise<StoredInstance | null>;
  /** The instances of an expediente's process: the root first, then those its call activities started. */
  ofProcess(processId: string): Promise<StoredInstance[]>;
  /** The child instance a call activity of `parentInstanceId` started. */
  findChild(parentInstanceId: string, callId: string): Promise<StoredInstance | null>;
  insert(instance: StoredInstance, now: Date): Promise<void>;
  /** Saves a new state; false if the instance is no longer at `loadedVersion`. */
  update(instance: StoredInstance, loadedVersion: number, now: Date): Promise<boolean>;
  scheduleTimer(timer: { timerId: string; instanceId: string; processId: string; nodeId: string; dueAt: Date }): Promise<void>;
  cancelTimer(timerId: string, now: Date): Promise<void>;
  /**
   * Claims up to `limit` timers due at `now`, locked until the transaction ends and skipped by
   * other replicas meanwhile (`for update skip locked`); the caller fires and marks each.
   */
  claimDueTimers(now: Date, limit: number): Promise<DueTimer[]>;
  markTimerFired(timerId: string, now: Date): Promise<void>;
  raiseIncident(
    incident: { incidentId: string; instanceId: string; processId: string; organism: string; fileCode: string; nodeId: string; message: string },
    now: Date,
  ): Promise<void>;
  resolveIncident(incidentId: string, now: Date): Promise<void>;
  /** An open incident by its id, with whose expediente it is. */
  findOpenIncident(
    incidentId: string,
  ): Promise<{ incidentId: string; instanceId: string; processId: string; organism: string; fileCode: string; nodeId: string; message: string } | null>;
  /** Open incidents of a process, oldest first. */
  openIncidents(processId: string): Promise<{ incidentId: string; instanceId: string; nodeId: string; message: string; raisedAt: Date }[]>;
}
