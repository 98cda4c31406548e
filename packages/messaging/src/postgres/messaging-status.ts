import { sql } from 'kysely';
import type { SqlExecutor } from './unit-of-work.ts';

/** A message a consumer gave up on, with the reason, as an operator sees it. */
export interface DeadLetterSummary {
  consumer: string;
  messageId: string;
  topic: string;
  /** The envelope's CloudEvents type, e.g. `FileCreated`. */
  type: string | null;
  /** The envelope's subject (the aggregate), when it has one. */
  subject: string | null;
  reason: string;
  attempts: number;
  failedAt: string;
}

/**
 * What one service still has to do with messages: rows committed to its outbox but not yet
 * published, sagas it orchestrates that have not ended, and the messages it dead-lettered.
 * Together with the transport's consumer backlog this says whether anything is left unprocessed.
 */
export interface MessagingStatus {
  outbox: { pending: number; oldestPendingAt: string | null };
  sagas: { running: number; compensating: number; failed: number; oldestOpenAt: string | null };
  deadLetters: { total: number; recent: DeadLetterSummary[] };
}

const iso = (value: unknown): string | null => (value === null || value === undefined ? null : new Date(value as string | Date).toISOString());

/** Reads a service's messaging tables (every service carries them; see migrations/0001). */
export async function readMessagingStatus(db: SqlExecutor, options: { recentDeadLetters?: number } = {}): Promise<MessagingStatus> {
  const limit = Math.max(0, Math.min(options.recentDeadLetters ?? 20, 500));
  const outbox = await sql<{ pending: string | number; oldest: unknown }>`
    select count(*) as pending, min(created_at) as oldest from outbox where published_at is null`.execute(db);
  const sagas = await sql<{ status: string; count: string | number; oldest: unknown }>`
    select status, count(*) as count, min(created_at) as oldest from saga_instances
    where status in ('running', 'compensating', 'failed') group by status`.execute(db);
  const deadTotal = await sql<{ total: string | number }>`select count(*) as total from dead_letters`.execute(db);
  const recent = await sql<{
    consumer: string;
    message_id: string;
    topic: string;
    type: string | null;
    subject: string | null;
    reason: string;
    attempts: number;
    failed_at: unknown;
  }>`
    select consumer, message_id, topic, envelope->>'type' as type, envelope->>'subject' as subject, reason, attempts, failed_at
    from dead_letters order by failed_at desc, id desc limit ${limit}`.execute(db);

  const bySagaStatus = new Map(sagas.rows.map((row) => [row.status, row]));
  const openOldest = ['running', 'compensating']
    .map((status) => bySagaStatus.get(status)?.oldest)
    .filter((value) => value !== undefined && value !== null)
    .map((value) => iso(value)!)
    .sort()[0];
  return {
    outbox: { pending: Number(outbox.rows[0]?.pending ?? 0), oldestPendingAt: iso(outbox.rows[0]?.oldest) },
    sagas: {
      running: Number(bySagaStatus.get('running')?.count ?? 0),
      compensating: Number(bySagaStatus.get('compensating')?.count ?? 0),
      failed: Number(bySagaStatus.get('failed')?.count ?? 0),
      oldestOpenAt: openOldest ?? null,
    },
    deadLetters: {
      total: Number(deadTotal.rows[0]?.total ?? 0),
      recent: recent.rows.map((row) => ({
        consumer: row.consumer,
        messageId: String(row.message_id),
        topic: row.topic,
        type: row.type,
        subject: row.subject,
        reason: row.reason,
        attempts: Number(row.attempts),
        failedAt: iso(row.failed_at)!,
      })),
    },
  };
}
