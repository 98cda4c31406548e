import { sql } from 'kysely';
import { Plazo, type PlazoState } from '../../domain/plazo.ts';
import type { PlazoContextRecord, PlazoRepository } from '../../domain/plazo-repository.ts';
import type { BpmDatabase, BpmDb } from './schema.ts';

type PlazoRow = BpmDatabase['plazos'];

/** An expediente's plazos in the plazos table (migration 0010): the whole plazo as JSON, with the columns queries need. */
export class PostgresPlazoRepository implements PlazoRepository {
  readonly #db: BpmDb;

  constructor(db: BpmDb) {
    this.#db = db;
  }

  async insert(plazo: PlazoState): Promise<void> {
    await this.#db.insertInto('plazos').values(rowOf(plazo)).execute();
  }

  async lock(plazoId: string): Promise<Plazo | null> {
    const row = await this.#db.selectFrom('plazos').select('data').where('plazo_id', '=', plazoId).forUpdate().executeTakeFirst();
    return row ? Plazo.restore(row.data as PlazoState) : null;
  }

  async update(plazo: Plazo, loadedVersion: number): Promise<boolean> {
    const { plazo_id: plazoId, ...changes } = rowOf(plazo.state());
    const result = await this.#db.updateTable('plazos').set(changes).where('plazo_id', '=', plazoId).where('version', '=', loadedVersion).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async ofProcess(processId: string): Promise<PlazoState[]> {
    const rows = await this.#db
      .selectFrom('plazos')
      .select('data')
      .where('process_id', '=', processId)
      .orderBy(sql`case when kind = 'MAXIMO' then 0 else 1 end`)
      .orderBy(sql`data->>'startedAt'`)
      .orderBy('plazo_id')
      .execute();
    return rows.map((row) => row.data as PlazoState);
  }

  async lockOfTask(taskId: string): Promise<Plazo | null> {
    const row = await this.#db.selectFrom('plazos').select('data').where('task_id', '=', taskId).forUpdate().executeTakeFirst();
    return row ? Plazo.restore(row.data as PlazoState) : null;
  }

  async ofTasks(taskIds: readonly string[]): Promise<PlazoState[]> {
    if (taskIds.length === 0) return [];
    const rows = await this.#db
      .selectFrom('plazos')
      .select('data')
      .where('task_id', 'in', [...taskIds])
      .execute();
    return rows.map((row) => row.data as PlazoState);
  }

  async claimExpired(now: Date, limit: number): Promise<Plazo[]> {
    const rows = await this.#db
      .selectFrom('plazos')
      .select('data')
      .where('state', '=', 'RUNNING')
      .where('due_status', '=', 'FINAL')
      .where('ends_at', '<', now)
      .orderBy('ends_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    return rows.map((row) => Plazo.restore(row.data as PlazoState));
  }

  async openOfOrganism(organism: string): Promise<string[]> {
    const rows = await this.#db
      .selectFrom('plazos')
      .select('plazo_id')
      .where('organism', '=', organism)
      .where('state', 'in', ['RUNNING', 'SUSPENDED'])
      .execute();
    return rows.map((row) => row.plazo_id);
  }

  async openPage(after: string | null, limit: number): Promise<string[]> {
    let query = this.#db.selectFrom('plazos').select('plazo_id').where('state', 'in', ['RUNNING', 'SUSPENDED']);
    if (after !== null) query = query.where('plazo_id', '>', after);
    const rows = await query.orderBy('plazo_id').limit(limit).execute();
    return rows.map((row) => row.plazo_id);
  }

  async openOfProcess(processId: string): Promise<string[]> {
    const rows = await this.#db
      .selectFrom('plazos')
      .select('plazo_id')
      .where('process_id', '=', processId)
      .where('state', 'in', ['RUNNING', 'SUSPENDED'])
      .orderBy('plazo_id')
      .execute();
    return rows.map((row) => row.plazo_id);
  }

  async processesWithoutMaximum(limit: number): Promise<string[]> {
    const rows = await this.#db
      .selectFrom('processes as p')
      .select('p.process_id')
      .where('p.finished', '=', false)
      .where('p.organism', 'is not', null)
      .where((eb) =>
        eb.not(eb.exists(eb.selectFrom('plazos as m').select('m.plazo_id').whereRef('m.process_id', '=', 'p.process_id').where('m.kind', '=', 'MAXIMO'))),
      )
      .orderBy('p.started_at')
      .orderBy('p.process_id')
      .limit(limit)
      .execute();
    return rows.map((row) => row.process_id);
  }

  async context(processId: string): Promise<PlazoContextRecord | null> {
    const row = await this.#db.selectFrom('plazo_contexts').select(['residence', 'channel']).where('process_id', '=', processId).executeTakeFirst();
    return row ? { residence: (row.residence as PlazoContextRecord['residence']) ?? null, channel: row.channel } : null;
  }

  async saveContext(processId: string, context: PlazoContextRecord, now: Date): Promise<void> {
    const values = { residence: context.residence === null ? null : JSON.stringify(context.residence), channel: context.channel, updated_at: now };
    await this.#db
      .insertInto('plazo_contexts')
      .values({ process_id: processId, ...values })
      .onConflict((oc) => oc.column('process_id').doUpdateSet(values))
      .execute();
  }
}

function rowOf(plazo: PlazoState): PlazoRow {
  return {
    plazo_id: plazo.plazoId,
    process_id: plazo.processId,
    organism: plazo.organism,
    file_code: plazo.fileCode,
    kind: plazo.kind,
    task_id: plazo.taskId,
    state: plazo.state,
    ends_at: plazo.state === 'RUNNING' && plazo.due !== null ? new Date(plazo.due.endsAt) : null,
    due_status: plazo.due?.status ?? null,
    data: JSON.stringify(plazo),
    version: plazo.version,
    updated_at: new Date(),
  };
}
