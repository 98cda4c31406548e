import { sql } from 'kysely';
import type { SagaState, SagaStatus, SagaStore } from '../core/saga.ts';
import type { SqlExecutor } from './unit-of-work.ts';

interface SagaRow {
  id: string;
  saga_type: string;
  subject: string;
  status: SagaStatus;
  step: number;
  data: unknown;
  reason: string | null;
  correlation_id: string;
  created_at: Date | string;
  updated_at: Date | string;
  deadline_at: Date | string;
}

const toState = (row: SagaRow): SagaState<unknown> => ({
  id: row.id,
  type: row.saga_type,
  subject: row.subject,
  status: row.status,
  step: Number(row.step),
  data: typeof row.data === 'string' ? JSON.parse(row.data) : row.data,
  reason: row.reason,
  correlationId: row.correlation_id,
  createdAt: new Date(row.created_at),
  updatedAt: new Date(row.updated_at),
  deadlineAt: new Date(row.deadline_at),
});

/** Saga state in the orchestrator's own database (`saga_instances`). */
export class SqlSagaStore implements SagaStore<SqlExecutor> {
  readonly #db: SqlExecutor;

  constructor(db: SqlExecutor) {
    this.#db = db;
  }

  async insert(trx: SqlExecutor, s: SagaState<unknown>): Promise<void> {
    await sql`insert into saga_instances (id, saga_type, subject, status, step, data, reason, correlation_id, created_at, updated_at, deadline_at)
      values (${s.id}, ${s.type}, ${s.subject}, ${s.status}, ${s.step}, ${JSON.stringify(s.data)}::jsonb, ${s.reason},
              ${s.correlationId}, ${s.createdAt}, ${s.updatedAt}, ${s.deadlineAt})`.execute(trx);
  }

  async lock(trx: SqlExecutor, id: string): Promise<SagaState<unknown> | null> {
    const result = await sql<SagaRow>`select * from saga_instances where id = ${id} for update`.execute(trx);
    return result.rows[0] ? toState(result.rows[0]) : null;
  }

  async update(trx: SqlExecutor, s: SagaState<unknown>): Promise<void> {
    await sql`update saga_instances set status = ${s.status}, step = ${s.step}, data = ${JSON.stringify(s.data)}::jsonb,
      reason = ${s.reason}, updated_at = ${s.updatedAt}, deadline_at = ${s.deadlineAt}, version = version + 1
      where id = ${s.id}`.execute(trx);
  }

  async find(id: string): Promise<SagaState<unknown> | null> {
    const result = await sql<SagaRow>`select * from saga_instances where id = ${id}`.execute(this.#db);
    return result.rows[0] ? toState(result.rows[0]) : null;
  }

  async overdue(trx: SqlExecutor, now: Date, limit: number): Promise<string[]> {
    const result = await sql<{ id: string }>`select id from saga_instances
      where status in ('running', 'compensating') and deadline_at < ${now} order by deadline_at limit ${limit}`.execute(trx);
    return result.rows.map((row) => row.id);
  }
}
