import type { DueTimer, InstanceRepository, StoredInstance } from '../../domain/instance-repository.ts';

interface TimerRow {
  timerId: string;
  instanceId: string;
  processId: string;
  nodeId: string;
  dueAt: Date;
  firedAt: Date | null;
  cancelledAt: Date | null;
}
interface IncidentRow {
  incidentId: string;
  instanceId: string;
  processId: string;
  organism: string;
  fileCode: string;
  nodeId: string;
  message: string;
  raisedAt: Date;
  resolvedAt: Date | null;
}

/** Engine instances, timers and incidents kept in memory (unit tests). */
export class InMemoryInstanceRepository implements InstanceRepository {
  readonly #instances = new Map<string, StoredInstance>();
  readonly #timers = new Map<string, TimerRow>();
  readonly #incidents = new Map<string, IncidentRow>();

  async find(instanceId: string): Promise<StoredInstance | null> {
    const found = this.#instances.get(instanceId);
    return found ? structuredClone(found) : null;
  }

  lock(instanceId: string): Promise<StoredInstance | null> {
    return this.find(instanceId);
  }

  async ofProcess(processId: string): Promise<StoredInstance[]> {
    return [...this.#instances.values()]
      .filter((instance) => instance.processId === processId)
      .sort((a, b) => Number(a.parentInstanceId !== null) - Number(b.parentInstanceId !== null) || a.instanceId.localeCompare(b.instanceId))
      .map((instance) => structuredClone(instance));
  }

  async findChild(parentInstanceId: string, callId: string): Promise<StoredInstance | null> {
    const found = [...this.#instances.values()].find((instance) => instance.parentInstanceId === parentInstanceId && instance.parentCallId === callId);
    return found ? structuredClone(found) : null;
  }

  async insert(instance: StoredInstance): Promise<void> {
    if (this.#instances.has(instance.instanceId)) throw new Error(`Instance ${instance.instanceId} exists`);
    this.#instances.set(instance.instanceId, structuredClone(instance));
  }

  async update(instance: StoredInstance, loadedVersion: number): Promise<boolean> {
    if (this.#instances.get(instance.instanceId)?.version !== loadedVersion) return false;
    this.#instances.set(instance.instanceId, structuredClone(instance));
    return true;
  }

  async scheduleTimer(timer: { timerId: string; instanceId: string; processId: string; nodeId: string; dueAt: Date }): Promise<void> {
    this.#timers.set(timer.timerId, { ...timer, firedAt: null, cancelledAt: null });
  }

  async cancelTimer(timerId: string, now: Date): Promise<void> {
    const timer = this.#timers.get(timerId);
    if (timer && timer.firedAt === null) timer.cancelledAt = now;
  }

  async claimDueTimers(now: Date, limit: number): Promise<DueTimer[]> {
    return [...this.#timers.values()]
      .filter((timer) => timer.dueAt <= now && timer.firedAt === null && timer.cancelledAt === null)
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())
      .slice(0, limit)
      .map((timer) => ({
        timerId: timer.timerId,
        instanceId: timer.instanceId,
        processId: timer.processId,
        engineTimerId: timer.timerId.slice(timer.instanceId.length + 1),
      }));
  }

  async markTimerFired(timerId: string, now: Date): Promise<void> {
    const timer = this.#timers.get(timerId);
    if (timer) timer.firedAt = now;
  }

  async raiseIncident(
    incident: { incidentId: string; instanceId: string; processId: string; organism: string; fileCode: string; nodeId: string; message: string },
    now: Date,
  ): Promise<void> {
    this.#incidents.set(incident.incidentId, { ...incident, raisedAt: now, resolvedAt: null });
  }

  async resolveIncident(incidentId: string, now: Date): Promise<void> {
    const incident = this.#incidents.get(incidentId);
    if (incident) incident.resolvedAt = now;
  }

  async findOpenIncident(
    incidentId: string,
  ): Promise<{ incidentId: string; instanceId: string; processId: string; organism: string; fileCode: string; nodeId: string; message: string } | null> {
    const row = this.#incidents.get(incidentId);
    if (!row || row.resolvedAt !== null) return null;
    const { incidentId: id, instanceId, processId, organism, fileCode, nodeId, message } = row;
    return { incidentId: id, instanceId, processId, organism, fileCode, nodeId, message };
  }

  async openIncidents(processId: string): Promise<{ incidentId: string; instanceId: string; nodeId: string; message: string; raisedAt: Date }[]> {
    return [...this.#incidents.values()]
      .filter((incident) => incident.processId === processId && incident.resolvedAt === null)
      .map(({ incidentId, instanceId, nodeId, message, raisedAt }) => ({ incidentId, instanceId, nodeId, message, raisedAt }));
  }
}
