import { sql } from 'kysely';
import type { Actor } from '@tramita/kernel';
import { Process, type PhaseStep } from '../../domain/process.ts';
import type { ProcessRepository, Tombstone } from '../../domain/process-repository.ts';
import type { BpmDatabase, BpmDb } from './schema.ts';

type ProcessRow = BpmDatabase['processes'];

/** Processes in the processes and process_steps tables; tombstones in process_tombstones. */
export class PostgresProcessRepository implements ProcessRepository {
  readonly #db: BpmDb;

  constructor(db: BpmDb) {
    this.#db = db;
  }

  async findById(processId: string): Promise<Process | null> {
    const row = await this.#db.selectFrom('processes').selectAll().where('process_id', '=', processId).executeTakeFirst();
    return row ? this.#withHistory(row) : null;
  }

  async findByFileCode(fileCode: string, organism: string): Promise<Process | null> {
    const row = await this.#db.selectFrom('processes').selectAll().where('file_code', '=', fileCode).where('organism', '=', organism).executeTakeFirst();
    return row ? this.#withHistory(row) : null;
  }

  async lockByFileCode(fileCode: string, organism: string): Promise<Process | null> {
    const row = await this.#db
      .selectFrom('processes')
      .selectAll()
      .where('file_code', '=', fileCode)
      .where('organism', '=', organism)
      .forUpdate()
      .executeTakeFirst();
    return row ? this.#withHistory(row) : null;
  }

  async organismsHolding(fileCode: string): Promise<string[]> {
    const rows = await this.#db.selectFrom('processes').select('organism').where('file_code', '=', fileCode).where('organism', 'is not', null).execute();
    return rows.map((row) => row.organism!);
  }

  async insert(process: Process): Promise<void> {
    const state = process.state();
    await this.#db
      .insertInto('processes')
      .values({
        process_id: state.processId,
        file_code: state.fileCode,
        organism: state.organism,
        procedure_code: state.procedure.code,
        procedure_version: state.procedure.version,
        phase_code: process.phase.code,
        finished: state.finished,
        started_at: state.startedAt,
        updated_at: state.updatedAt,
        version: state.version,
      })
      .execute();
    await this.#saveSteps(state.processId, state.history);
  }

  async update(process: Process, loadedVersion: number): Promise<boolean> {
    const state = process.state();
    const result = await this.#db
      .updateTable('processes')
      .set({
        phase_code: process.phase.code,
        procedure_version: state.procedure.version,
        finished: state.finished,
        updated_at: state.updatedAt,
        version: state.version,
      })
      .where('process_id', '=', state.processId)
      .where('version', '=', loadedVersion)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await this.#saveSteps(state.processId, state.history);
    return true;
  }

  async delete(processId: string): Promise<void> {
    await this.#db.deleteFrom('process_steps').where('process_id', '=', processId).execute();
    await this.#db.deleteFrom('processes').where('process_id', '=', processId).execute();
  }

  async findTombstone(processId: string): Promise<Tombstone | null> {
    const row = await this.#db.selectFrom('process_tombstones').selectAll().where('process_id', '=', processId).executeTakeFirst();
    if (!row) return null;
    return { processId: row.process_id, fileCode: row.file_code, lastVersion: Number(row.last_version), deletedAt: new Date(row.deleted_at) };
  }

  async unfinishedOf(procedureCode: string, exceptVersion: number): Promise<string[]> {
    const rows = await this.#db
      .selectFrom('processes')
      .select('process_id')
      .where('procedure_code', '=', procedureCode)
      .where('procedure_version', '<>', exceptVersion)
      .where('finished', '=', false)
      .orderBy('process_id')
      .execute();
    return rows.map((row) => row.process_id);
  }

  async adoptUnowned(organism: string): Promise<number> {
    const result = await this.#db.updateTable('processes').set({ organism }).where('organism', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async addTombstone(tombstone: Tombstone): Promise<void> {
    await this.#db
      .insertInto('process_tombstones')
      .values({
        process_id: tombstone.processId,
        file_code: tombstone.fileCode,
        last_version: tombstone.lastVersion,
        deleted_at: tombstone.deletedAt,
      })
      .onConflict((oc) => oc.column('process_id').doNothing())
      .execute();
  }

  /** Inserts new steps and updates the closing fields of existing ones (steps never change otherwise). */
  async #saveSteps(processId: string, history: PhaseStep[]): Promise<void> {
    await this.#db
      .insertInto('process_steps')
      .values(
        history.map((step, seq) => ({
          process_id: processId,
          seq,
          phase_code: step.phase.code,
          phase_name: step.phase.name,
          entered_at: step.enteredAt,
          entered_by: sql`${JSON.stringify(actor(step.enteredBy))}::jsonb`,
          finished_at: step.finishedAt,
          finished_by: step.finishedBy ? sql`${JSON.stringify(actor(step.finishedBy))}::jsonb` : null,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['process_id', 'seq']).doUpdateSet((eb) => ({
          finished_at: eb.ref('excluded.finished_at'),
          finished_by: eb.ref('excluded.finished_by'),
        })),
      )
      .execute();
  }

  async #withHistory(row: ProcessRow): Promise<Process> {
    const steps = await this.#db.selectFrom('process_steps').selectAll().where('process_id', '=', row.process_id).orderBy('seq').execute();
    return Process.restore({
      processId: row.process_id,
      fileCode: row.file_code,
      organism: row.organism ?? '',
      procedure: { code: row.procedure_code, version: Number(row.procedure_version) },
      finished: row.finished,
      startedAt: new Date(row.started_at),
      updatedAt: new Date(row.updated_at),
      version: Number(row.version),
      history: steps.map((s) => ({
        phase: { code: s.phase_code, name: s.phase_name },
        enteredAt: new Date(s.entered_at),
        enteredBy: s.entered_by as Actor,
        finishedAt: s.finished_at ? new Date(s.finished_at) : null,
        finishedBy: (s.finished_by as Actor | null) ?? null,
      })),
    });
  }
}

const actor = (a: Actor): Actor => ({ username: a.username, displayName: a.displayName });
