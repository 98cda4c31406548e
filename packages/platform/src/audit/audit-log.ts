import { fileURLToPath } from 'node:url';
import { sql, type RawBuilder } from 'kysely';
import type { SqlExecutor } from '@tramita/messaging';
import type { MigrationSet } from '../migrations.ts';
import {
  chainAuditEntry,
  prepareAuditEntry,
  toAuditLine,
  type AuditActor,
  type AuditDetails,
  type AuditEntryInput,
  type AuditHead,
  type AuditLine,
  type AuditRecord,
} from './audit-entry.ts';

/** The audit tables every service with a database keeps (audit_log, audit_head, audit_checkpoints). */
export const auditMigrations: MigrationSet = {
  name: 'audit',
  directory: fileURLToPath(new URL('../../migrations/audit', import.meta.url)),
};

/** The head at a moment, kept so that an export which lost its tail says so. */
export interface AuditCheckpoint {
  seq: number;
  hash: string;
  at: Date;
}

/** A row as the driver returns it: the export line's columns, with looser types for numbers, times and JSON. */
type Row = Omit<AuditLine, 'seq' | 'at' | 'actor' | 'details'> & {
  seq: string | number | bigint;
  at: Date | string;
  actor: AuditActor | string;
  details: AuditDetails | string;
};

const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

function recordOf(row: Row): AuditRecord {
  return {
    seq: Number(row.seq),
    at: new Date(row.at),
    service: row.service,
    actor: json(row.actor),
    action: row.action,
    organism: row.organism,
    fileCode: row.file_code,
    sourceAddress: row.source_address,
    outcome: row.outcome,
    correlationId: row.correlation_id,
    details: json(row.details),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/**
 * Records `entry` inside `trx`, the caller's transaction that makes the change it records, so
 * both commit or roll back together (a rolled-back transaction leaves neither the change nor a
 * gap in the chain). Refuses, before touching the database, an entry with secrets or document
 * contents in its details (AuditEntryError).
 *
 * One chain per database, whatever the number of concurrent transactions and replicas: the
 * append locks the one-row `audit_head` (`for update`) and holds it until `trx` ends, so the
 * next appender waits and then reads the head this one wrote. Locking the last audit_log row
 * instead would not do: a waiter re-checks the row it waited for, still the old last entry, and
 * computes the same seq (and an empty log has no row to lock); the head row always exists and
 * a waiter reads its new version. Under repeatable read or serializable isolation the waiter
 * fails with a serialization error instead, for the caller to retry; `seq` being the primary
 * key, two entries can never claim the same place. Because the lock is held until commit,
 * append last in the transaction: whatever follows it waits for every other appender.
 */
export async function appendAudit(trx: SqlExecutor, entry: AuditEntryInput, now: Date = new Date()): Promise<AuditRecord> {
  if ((trx as { isTransaction?: unknown }).isTransaction === false)
    throw new Error('appendAudit needs the transaction that makes the change it records, not the database: pass that transaction.');
  const prepared = prepareAuditEntry(entry, now);
  const head = await sql<{ seq: string | number | bigint; hash: string }>`select seq, hash from audit_head where id for update`.execute(trx);
  const current = head.rows[0];
  if (!current) throw new Error('the audit_head row is missing: the audit migrations have not run on this database.');
  const record = chainAuditEntry({ seq: Number(current.seq), hash: current.hash }, prepared);
  // The entry and the new head in one statement (one round trip; ADR 0018).
  await sql`with entry as (
      insert into audit_log (seq, at, service, actor, action, organism, file_code, source_address, outcome, correlation_id, details, prev_hash, hash)
      values (${record.seq}, ${record.at}, ${record.service}, ${JSON.stringify(record.actor)}::jsonb, ${record.action}, ${record.organism},
        ${record.fileCode}, ${record.sourceAddress}, ${record.outcome}, ${record.correlationId}, ${JSON.stringify(record.details)}::jsonb,
        ${record.prevHash}, ${record.hash})
      returning seq, hash)
    update audit_head set seq = entry.seq, hash = entry.hash from entry where audit_head.id`.execute(trx);
  return record;
}

/** The last committed entry's seq and hash (seq 0 and 64 zeros for an empty log). */
export async function auditHead(db: SqlExecutor): Promise<AuditHead> {
  const result = await sql<{ seq: string | number | bigint; hash: string }>`select seq, hash from audit_head where id`.execute(db);
  const row = result.rows[0];
  if (!row) throw new Error('the audit_head row is missing: the audit migrations have not run on this database.');
  return { seq: Number(row.seq), hash: row.hash };
}

/**
 * Records the current head (the last committed entry) in audit_checkpoints and returns it; the
 * same head twice records one checkpoint. Null on an empty log. Run it periodically (and copy
 * the checkpoints somewhere else if the database's owners are not to be trusted): an export
 * ending before a checkpoint it carries has lost its tail.
 */
export async function checkpointAudit(db: SqlExecutor, now: Date = new Date()): Promise<AuditCheckpoint | null> {
  const inserted = await sql<{ seq: string | number | bigint; hash: string; at: Date | string }>`
    insert into audit_checkpoints (seq, hash, at)
    select seq, hash, ${now} from audit_log order by seq desc limit 1
    on conflict (seq) do nothing
    returning seq, hash, at`.execute(db);
  const existing =
    inserted.rows[0] ??
    (
      await sql<{ seq: string | number | bigint; hash: string; at: Date | string }>`
        select c.seq, c.hash, c.at from audit_checkpoints c where c.seq = (select max(seq) from audit_log)`.execute(db)
    ).rows[0];
  return existing ? { seq: Number(existing.seq), hash: existing.hash, at: new Date(existing.at) } : null;
}

/** Which entries: an expediente, an organism, a range of seq (both ends included). */
export interface AuditFilter {
  fileCode?: string;
  organism?: string;
  /** Only entries of these organisms (an organism administrator's view); entries of no organism are left out. */
  organisms?: readonly string[];
  fromSeq?: number;
  toSeq?: number;
}

function checkFilter(filter: AuditFilter): void {
  for (const key of ['fromSeq', 'toSeq'] as const) {
    const value = filter[key];
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 1)) throw new RangeError(`${key} must be a whole number from 1, not ${String(value)}.`);
  }
}

function conditions(filter: AuditFilter): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`true`];
  if (filter.fileCode !== undefined) parts.push(sql`file_code = ${filter.fileCode}`);
  if (filter.organism !== undefined) parts.push(sql`organism = ${filter.organism}`);
  if (filter.organisms !== undefined) parts.push(sql`organism = any(${[...filter.organisms]}::text[])`);
  if (filter.fromSeq !== undefined) parts.push(sql`seq >= ${filter.fromSeq}`);
  if (filter.toSeq !== undefined) parts.push(sql`seq <= ${filter.toSeq}`);
  return sql.join(parts, sql` and `);
}

/** The entries that match `filter`, in seq order (for display; an auditor verifies an export). */
export async function readAudit(db: SqlExecutor, filter: AuditFilter & { limit?: number } = {}): Promise<AuditRecord[]> {
  checkFilter(filter);
  const limit = Math.min(Math.max(Math.trunc(filter.limit ?? 100), 1), 1_000);
  const rows = await sql<Row>`select * from audit_log where ${conditions(filter)} order by seq limit ${limit}`.execute(db);
  return rows.rows.map(recordOf);
}

const PAGE = 1_000;

/**
 * The export an auditor verifies offline (`tramita audit verify`), as JSON Lines: one entry per
 * line with every column (including `prev_hash` and `hash`) in seq order, then the checkpoints
 * inside the exported range, each as `{"checkpoint": {"seq", "hash", "at"}}`.
 *
 * The filters choose a range, not single entries: the chain links every entry to the one before
 * it, so an export of only one expediente's entries could not be verified. An export for
 * `fileCode` (or `organism`) therefore holds every entry of the chain from that expediente's
 * first entry to its last (within fromSeq..toSeq); the administration's screens show only the
 * expediente's own. An export that does not start at entry 1 is verified from its first entry's
 * `prev_hash` on; compare that with an earlier export or checkpoint to anchor it.
 *
 * The range is fixed when the export starts; entries appended meanwhile are left for the next.
 */
export async function* exportAuditLines(db: SqlExecutor, filter: AuditFilter = {}, options: ExportOptions = {}): AsyncGenerator<string> {
  checkFilter(filter);
  const readable = options.readable ?? (() => true);
  const bounds = await sql<{ first: string | number | null; last: string | number | null }>`
    select min(seq) as first, max(seq) as last from audit_log where ${conditions(filter)}`.execute(db);
  const first = bounds.rows[0]?.first;
  const last = bounds.rows[0]?.last;
  if (first === null || first === undefined || last === null || last === undefined) return;
  // Committed entries never gain a lower seq later (the head lock makes seq order commit order),
  // so paging by seq reads the range whole.
  let from = Number(first);
  const to = Number(last);
  while (from <= to) {
    const page = await sql<Row>`select * from audit_log where seq >= ${from} and seq <= ${to} order by seq limit ${PAGE}`.execute(db);
    if (page.rows.length === 0) break;
    for (const row of page.rows) {
      const line = toAuditLine(recordOf(row));
      yield JSON.stringify(readable(line.organism) ? line : redactedLine(line));
    }
    from = Number(page.rows.at(-1)!.seq) + 1;
  }
  const checkpoints = await sql<{ seq: string | number; hash: string; at: Date | string }>`
    select seq, hash, at from audit_checkpoints where seq >= ${Number(first)} and seq <= ${to} order by seq`.execute(db);
  for (const c of checkpoints.rows) yield JSON.stringify({ checkpoint: { seq: Number(c.seq), hash: c.hash, at: new Date(c.at).toISOString() } });
}

/** How an export shows each entry. */
export interface ExportOptions {
  /**
   * Whether the reader may see the entries of `organism` (null: entries of no organism, such as
   * logins). The others are redacted ({@link redactedLine}). All readable when absent.
   */
  readable?: (organism: string | null) => boolean;
}

/**
 * An entry whose contents the reader may not see (another organism's): only its place in the
 * chain. The verifier checks that it continues the chain and that the next entry names its hash,
 * and counts it as unread (ADR 0014).
 */
export function redactedLine(line: AuditLine): { seq: number; redacted: true; prev_hash: string; hash: string } {
  return { seq: line.seq, redacted: true, prev_hash: line.prev_hash, hash: line.hash };
}

/** {@link exportAuditLines} as one text, each line ending in a newline (empty when nothing matches). */
export async function exportAudit(db: SqlExecutor, filter: AuditFilter = {}, options: ExportOptions = {}): Promise<string> {
  let text = '';
  for await (const line of exportAuditLines(db, filter, options)) text += `${line}\n`;
  return text;
}
