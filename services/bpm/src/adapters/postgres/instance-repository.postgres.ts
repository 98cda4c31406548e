import { sql } from 'kysely';
import type { DueTimer, InstanceRepository, StoredInstance } from '../../domain/instance-repository.ts';
import type { BpmDatabase, BpmDb } from './schema.ts';

type InstanceRow = BpmDatabase['engine_instances'];
const SHARED = '';

/** Engine instances, timers and incidents in PostgreSQL (migration 0009). */
export class PostgresInstanceRepository implements InstanceRepository {
  readonly #db: BpmDb;

  constructor(db: BpmDb) {
    this.#db = db;
  }

  async find(instanceId: string): Promise<StoredInstance | null> {
    const row = await this.#db.selectFrom('engine_instances').selectAll().where('instance_id', '=', instanceId).executeTakeFirst();
    return row ? instanceOf(row) : null;
  }

  async lock(instanceId: string): Promise<StoredInstance | null> {
    const row = await this.#db.selectFrom('engine_instances').selectAll().where('instance_id', '=', instanceId).forUpdate().executeTakeFirst();
    return row ? instanceOf(row) : null;
  }

  async ofProcess(processId: string): Promise<StoredInstance[]> {
    const rows = await this.#db
      .selectFrom('engine_instances')
      .selectAll()
      .where('process_id', '=', processId)
      .orderBy(sql`parent_instance_id is not null`)
      .orderBy('instance_id')
      .execute();
    return rows.map(instanceOf);
  }

  async findChild(parentInstanceId: string, callId: string): Promise<StoredInstance | null> {
    const row = await this.#db
      .selectFrom('engine_instances')
      .selectAll()
      .where('parent_instance_id', '=', parentInstanceId)
      .where('parent_call_id', '=', callId)
      .executeTakeFirst();
    return row ? instanceOf(row) : null;
  }

  async insert(instance: StoredInstance, now: Date): Promise<void> {
    await this.#db.insertInto('engine_instances').values(rowOf(instance, now)).execute();
  }

  async update(instance: StoredInstance, loadedVersion: number, now: Date): Promise<boolean> {
    const result = await this.#db
      .updateTable('engine_instances')
      .set({ state: JSON.stringify(instance.state), version: instance.version, ended: instance.ended, updated_at: now })
      .where('instance_id', '=', instance.instanceId)
      .where('version', '=', loadedVersion)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async scheduleTimer(timer: { timerId: string; instanceId: string; processId: string; nodeId: string; dueAt: Date }): Promise<void> {
    await this.#db
      .insertInto('timers')
      .values({
        timer_id: timer.timerId,
        instance_id: timer.instanceId,
        process_id: timer.processId,
        node_id: timer.nodeId,
        due_at: timer.dueAt,
        fired_at: null,
        cancelled_at: null,
      })
      .execute();
  }

  async cancelTimer(timerId: string, now: Date): Promise<void> {
    await this.#db.updateTable('timers').set({ cancelled_at: now }).where('timer_id', '=', timerId).where('fired_at', 'is', null).execute();
  }

  async claimDueTimers(now: Date, limit: number): Promise<DueTimer[]> {
    const rows = await this.#db
      .selectFrom('timers')
      .select(['timer_id', 'instance_id', 'process_id'])
      .where('due_at', '<=', now)
      .where('fired_at', 'is', null)
      .where('cancelled_at', 'is', null)
      .orderBy('due_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    return rows.map((row) => ({
      timerId: row.timer_id,
      instanceId: row.instance_id,
      processId: row.process_id,
      engineTimerId: row.timer_id.slice(row.instance_id.length + 1),
    }));
  }

  async markTimerFired(timerId: string, now: Date): Promise<void> {
    await this.#db.updateTable('timers').set({ fired_at: now }).where('timer_id', '=', timerId).execute();
  }

  async raiseIncident(
    incident: { incidentId: string; instanceId: string; processId: string; organism: string; fileCode: string; nodeId: string; message: string },
    now: Date,
  ): Promise<void> {
    await this.#db
      .insertInto('incidents')
      .values({
        incident_id: incident.incidentId,
        instance_id: incident.instanceId,
        process_id: incident.processId,
        organism: incident.organism,
        file_code: incident.fileCode,
        node_id: incident.nodeId,
        message: incident.message,
        raised_at: now,
        resolved_at: null,
      })
      .execute();
  }

  async resolveIncident(incidentId: string, now: Date): Promise<void> {
    await this.#db.updateTable('incidents').set({ resolved_at: now }).where('incident_id', '=', incidentId).execute();
  }

  async findOpenIncident(
    incidentId: string,
  ): Promise<{ incidentId: string; instanceId: string; processId: string; organism: string; fileCode: string; nodeId: string; message: string } | null> {
    const row = await this.#db.selectFrom('incidents').selectAll().where('incident_id', '=', incidentId).where('resolved_at', 'is', null).executeTakeFirst();
    return row
      ? {
          incidentId: row.incident_id,
          instanceId: row.instance_id,
          processId: row.process_id,
          organism: row.organism,
          fileCode: row.file_code,
          nodeId: row.node_id,
          message: row.message,
        }
      : null;
  }

  async openIncidents(processId: string): Promise<{ incidentId: string; instanceId: string; nodeId: string; message: string; raisedAt: Date }[]> {
    const rows = await this.#db
      .selectFrom('incidents')
      .select(['incident_id', 'instance_id', 'node_id', 'message', 'raised_at'])
      .where('process_id', '=', processId)
      .where('resolved_at', 'is', null)
      .orderBy('raised_at')
      .execute();
    return rows.map((row) => ({
      incidentId: row.incident_id,
      instanceId: row.instance_id,
      nodeId: row.node_id,
      message: row.message,
      raisedAt: row.raised_at,
    }));
  }
}

function instanceOf(row: InstanceRow): StoredInstance {
  return {
    instanceId: row.instance_id,
    processId: row.process_id,
    parentInstanceId: row.parent_instance_id,
    parentCallId: row.parent_call_id,
    procedure: {
      catalogue: row.procedure_catalogue === SHARED ? null : row.procedure_catalogue,
      code: row.procedure_code,
      version: Number(row.procedure_version),
    },
    state: row.state,
    version: Number(row.version),
    ended: row.ended,
  };
}

function rowOf(instance: StoredInstance, now: Date): InstanceRow {
  return {
    instance_id: instance.instanceId,
    process_id: instance.processId,
    parent_instance_id: instance.parentInstanceId,
    parent_call_id: instance.parentCallId,
    procedure_catalogue: instance.procedure.catalogue ?? SHARED,
    procedure_code: instance.procedure.code,
    procedure_version: instance.procedure.version,
    state: JSON.stringify(instance.state),
    version: instance.version,
    ended: instance.ended,
    updated_at: now,
  };
}
