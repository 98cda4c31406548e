import { sql } from 'kysely';
import type { Actor } from '@tramita/kernel';
import type { SqlExecutor } from '@tramita/messaging';
import { Expediente, type ExpedienteState, type FileStatus } from '../../domain/expediente.ts';
import type { FileRepository } from '../../domain/file-repository.ts';

export interface ExpedienteRow {
  code: string;
  organism: string;
  unit: string | null;
  process_id: string;
  initial_option_code: string;
  initial_option_name: string;
  description: string;
  status: FileStatus;
  finished: boolean;
  phase_code: string | null;
  phase_name: string | null;
  process_version: number;
  document_ids: string[] | string;
  created_at: Date | string;
  created_by: Actor | string;
  updated_at: Date | string;
  updated_by: Actor | string;
  version: number;
  saga_id: string;
}

const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

const toState = (row: ExpedienteRow): ExpedienteState => ({
  code: row.code,
  organism: row.organism,
  unit: row.unit ?? null,
  processId: row.process_id,
  initialOption: { code: row.initial_option_code, name: row.initial_option_name },
  description: row.description,
  status: row.status,
  finished: row.finished,
  currentPhase: row.phase_code !== null && row.phase_name !== null ? { code: row.phase_code, name: row.phase_name } : null,
  processVersion: Number(row.process_version),
  documentIds: json(row.document_ids),
  createdAt: new Date(row.created_at),
  createdBy: json(row.created_by),
  updatedAt: new Date(row.updated_at),
  updatedBy: json(row.updated_by),
  version: Number(row.version),
  sagaId: row.saga_id,
});

/** An expediente as a row of `expedientes` holds it. */
export const expedienteFromRow = (row: ExpedienteRow): Expediente => Expediente.restore(toState(row));

/**
 * Expedientes in PostgreSQL. Built on a transaction with `lock: true` for writes (rows read are
 * locked until commit, so a saga step and a bpm event never overwrite each other), or on the
 * root database for plain reads.
 */
export class PostgresFileRepository implements FileRepository {
  readonly #db: SqlExecutor;
  readonly #lock: boolean;

  constructor(db: SqlExecutor, options: { lock?: boolean } = {}) {
    this.#db = db;
    this.#lock = options.lock ?? false;
  }

  async findByCode(code: string, organism: string): Promise<Expediente | null> {
    const result = await sql<ExpedienteRow>`select * from expedientes where code = ${code} and organism = ${organism} ${this.#forUpdate()}`.execute(this.#db);
    return result.rows[0] ? Expediente.restore(toState(result.rows[0])) : null;
  }

  async organismsHolding(code: string): Promise<string[]> {
    const result = await sql<{ organism: string }>`select organism from expedientes
      where code = ${code} and status <> 'creating' and organism is not null order by organism`.execute(this.#db);
    return result.rows.map((row) => row.organism);
  }

  async findReservation(code: string, sagaId: string): Promise<Expediente | null> {
    const result = await sql<ExpedienteRow>`select * from expedientes where code = ${code} and saga_id = ${sagaId} ${this.#forUpdate()}`.execute(this.#db);
    return result.rows[0] ? Expediente.restore(toState(result.rows[0])) : null;
  }

  async findByProcessId(processId: string): Promise<Expediente | null> {
    const result = await sql<ExpedienteRow>`select * from expedientes where process_id = ${processId} ${this.#forUpdate()}`.execute(this.#db);
    return result.rows[0] ? Expediente.restore(toState(result.rows[0])) : null;
  }

  async isCodeTaken(code: string, organism: string): Promise<boolean> {
    const result = await sql`select 1 from expedientes where organism = ${organism} and upper(code) = upper(${code}) limit 1`.execute(this.#db);
    return result.rows.length > 0;
  }

  async reserve(expediente: Expediente): Promise<boolean> {
    const s = expediente.state;
    // `on conflict do nothing`: a concurrent reservation of the same code in the same organism (or
    // of the same code in other letter case: a unique index on (organism, upper(code))) waits for
    // the other transaction and then inserts nothing, instead of failing the transaction.
    const result = await sql<{ code: string }>`insert into expedientes (code, organism, unit, process_id, initial_option_code, initial_option_name,
        description, status, finished, phase_code, phase_name, process_version, document_ids, created_at, created_by,
        updated_at, updated_by, version, saga_id)
      values (${s.code}, ${s.organism}, ${s.unit}, ${s.processId}, ${s.initialOption.code}, ${s.initialOption.name}, ${s.description}, ${s.status},
        ${s.finished}, ${s.currentPhase?.code ?? null}, ${s.currentPhase?.name ?? null}, ${s.processVersion},
        ${JSON.stringify(s.documentIds)}::jsonb, ${s.createdAt}, ${JSON.stringify(s.createdBy)}::jsonb, ${s.updatedAt},
        ${JSON.stringify(s.updatedBy)}::jsonb, ${s.version}, ${s.sagaId})
      on conflict do nothing
      returning code`.execute(this.#db);
    return result.rows.length === 1;
  }

  async save(expediente: Expediente): Promise<void> {
    const s = expediente.state;
    const result = await sql`update expedientes set
        initial_option_code = ${s.initialOption.code}, initial_option_name = ${s.initialOption.name},
        description = ${s.description}, status = ${s.status}, finished = ${s.finished},
        phase_code = ${s.currentPhase?.code ?? null}, phase_name = ${s.currentPhase?.name ?? null},
        process_version = ${s.processVersion}, document_ids = ${JSON.stringify(s.documentIds)}::jsonb,
        updated_at = ${s.updatedAt}, updated_by = ${JSON.stringify(s.updatedBy)}::jsonb, version = ${s.version}
      where code = ${s.code} and saga_id = ${s.sagaId}`.execute(this.#db);
    if (Number(result.numAffectedRows ?? 0) !== 1) throw new Error(`Expediente ${s.code} vanished while saving`);
  }

  async adoptUnowned(organism: string): Promise<number> {
    const result = await sql`update expedientes set organism = ${organism} where organism is null`.execute(this.#db);
    return Number(result.numAffectedRows ?? 0);
  }

  async deleteReservation(code: string, sagaId: string): Promise<boolean> {
    const result = await sql`delete from expedientes where code = ${code} and saga_id = ${sagaId} and status = 'creating'`.execute(this.#db);
    return Number(result.numAffectedRows ?? 0) > 0;
  }

  #forUpdate() {
    return this.#lock ? sql`for update` : sql``;
  }
}
