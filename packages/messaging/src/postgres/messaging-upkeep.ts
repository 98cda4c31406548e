import { sql, type RawBuilder } from 'kysely';
import type { SqlExecutor } from './unit-of-work.ts';

/**
 * How long the messaging tables keep what they no longer need for delivery.
 *
 * - Published outbox rows are kept only to show what was sent; unsent rows are the relay's work
 *   and are never pruned, whatever their age.
 * - Inbox ids are the consumers' memory of what they applied: once an id is pruned, the same
 *   message delivered again is applied again. So the inbox retention must outlast every way a
 *   message can come back after it was applied:
 *   - in-process transport (all-in-one): `publish` resolves only after every group applied the
 *     message and only then does the relay mark the row sent; a producer that stops in between
 *     publishes the row again when it next starts, however long it stayed down;
 *   - Kafka: a record's offset is committed only after its inbox transaction, so a consumer that
 *     stops in between reads it again from the committed offset when it returns; a group whose
 *     committed offsets expired (the broker's `offsets.retention.minutes`, 7 days by default)
 *     starts again from the log's earliest record, and the log keeps a record for
 *     `log.retention.hours` (168 in scripts/infra/kafka.sh) after its segment's last write, and a
 *     segment rolls after `log.roll.hours` (168 by default): up to about 14 days in all on a
 *     topic that keeps receiving records.
 *   Hence the default of 15 days, and no less than a day. A service stopped for longer than the
 *   inbox retention comes back to a replay, which only versioned, idempotent handlers absorb.
 * - Dead letters are never pruned: they stay until an operator handles them.
 */
export interface MessagingRetention {
  /** Published outbox rows older than this many hours (by publish time) are deleted. */
  outboxHours: number;
  /** Inbox ids recorded more than this many hours ago are deleted. */
  inboxHours: number;
}

export const DEFAULT_MESSAGING_RETENTION: MessagingRetention = { outboxHours: 7 * 24, inboxHours: 15 * 24 };
/** The shortest inbox retention accepted: anything shorter forgets ids within a plain restart's redelivery. */
export const MIN_INBOX_RETENTION_HOURS = 24;
/** Ten years: a longer retention is a typing mistake, not a policy. */
export const MAX_RETENTION_HOURS = 87_600;
/** Rows deleted per statement: small enough that each delete is a short transaction holding few row locks. */
export const DEFAULT_PRUNE_BATCH_SIZE = 500;

/** What one pruning round removed, and in how many delete statements. */
export interface PruneRound {
  outbox: number;
  inbox: number;
  statements: number;
}

/** Refuses a retention that is not a whole number of hours in range, naming the value. */
export function checkMessagingRetention(retention: MessagingRetention): MessagingRetention {
  const check = (what: string, hours: number, min: number) => {
    if (!Number.isSafeInteger(hours) || hours < min || hours > MAX_RETENTION_HOURS)
      throw new RangeError(`The ${what} retention must be a whole number of hours from ${min} to ${MAX_RETENTION_HOURS}, not ${String(hours)}.`);
  };
  check('outbox', retention.outboxHours, 1);
  check('inbox', retention.inboxHours, MIN_INBOX_RETENTION_HOURS);
  return retention;
}

/**
 * Deletes published outbox rows and inbox ids older than the retention, at most `batchSize` rows
 * per statement. Each statement runs on its own (its own short transaction), picks its rows
 * through the indexes of migration 0003 oldest first and deletes them by key (no table scan:
 * checked with EXPLAIN), and skips rows another pruner (a replica) holds, so neither traffic nor
 * a second replica waits on it. Stops between statements once
 * `stopped()` says so.
 */
export async function pruneMessagingTables(
  db: SqlExecutor,
  retention: MessagingRetention,
  options: { batchSize?: number; stopped?: () => boolean } = {},
): Promise<PruneRound> {
  const { outboxHours, inboxHours } = checkMessagingRetention(retention);
  const batchSize = options.batchSize ?? DEFAULT_PRUNE_BATCH_SIZE;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError(`The prune batch size must be a whole number from 1, not ${String(batchSize)}.`);
  const stopped = options.stopped ?? (() => false);
  const round: PruneRound = { outbox: 0, inbox: 0, statements: 0 };

  const deleteInBatches = async (table: 'outbox' | 'inbox', deleteBatch: () => Promise<number>) => {
    for (let deleted = batchSize; deleted === batchSize && !stopped();) {
      deleted = await deleteBatch();
      round[table] += deleted;
      round.statements += 1;
    }
  };
  await deleteInBatches('outbox', async () => Number((await pruneBatchStatement('outbox', outboxHours, batchSize).execute(db)).numAffectedRows ?? 0));
  await deleteInBatches('inbox', async () => Number((await pruneBatchStatement('inbox', inboxHours, batchSize).execute(db)).numAffectedRows ?? 0));
  return round;
}

/** One batch's delete statement (exported so its plan can be checked). */
export function pruneBatchStatement(table: 'outbox' | 'inbox', hours: number, batchSize: number): RawBuilder<unknown> {
  // `= any(array(…))`, not `in (…)`: with `in` the planner hash-joins against a scan of the whole table.
  if (table === 'outbox')
    return sql`delete from outbox where seq = any(array(
        select seq from outbox
        where published_at is not null and published_at < now() - make_interval(hours => ${hours}::int)
        order by published_at limit ${batchSize}
        for update skip locked))`;
  // By ctid (a TID scan): the rows are locked by the same statement, so their ctid cannot change under it.
  return sql`delete from inbox where ctid = any(array(
      select ctid from inbox
      where processed_at < now() - make_interval(hours => ${hours}::int)
      order by processed_at limit ${batchSize}
      for update skip locked))`;
}

/** Where the upkeep reports (a pino logger fits). Only counts are logged, never message contents. */
export interface UpkeepLog {
  info(details: object, message: string): void;
  debug(details: object, message: string): void;
  error(details: object, message: string): void;
}

/**
 * Prunes the messaging tables every `intervalMs` (the first round one interval after start, so
 * start-up does no extra work). One round at a time; `stop()` ends the timer, asks a running
 * round to stop after its current statement and waits for it.
 */
export function startMessagingUpkeep(deps: { db: SqlExecutor; retention: MessagingRetention; intervalMs: number; batchSize?: number; logger: UpkeepLog }): {
  prune(): Promise<PruneRound>;
  stop(): Promise<void>;
} {
  checkMessagingRetention(deps.retention);
  if (!Number.isSafeInteger(deps.intervalMs) || deps.intervalMs < 1)
    throw new RangeError(`The prune interval must be a whole number of milliseconds from 1, not ${String(deps.intervalMs)}.`);
  let stopping = false;
  let running: Promise<PruneRound> | undefined;

  const prune = (): Promise<PruneRound> => {
    running ??= pruneMessagingTables(deps.db, deps.retention, { ...(deps.batchSize ? { batchSize: deps.batchSize } : {}), stopped: () => stopping })
      .then((round) => {
        const removed = { outbox: round.outbox, inbox: round.inbox, statements: round.statements };
        if (round.outbox + round.inbox > 0) deps.logger.info(removed, 'messaging tables pruned');
        else deps.logger.debug(removed, 'messaging tables pruned: nothing old enough');
        return round;
      })
      .finally(() => (running = undefined));
    return running;
  };

  const timer = setInterval(() => {
    prune().catch((error: unknown) => deps.logger.error({ err: error }, 'pruning the messaging tables failed; trying again next round'));
  }, deps.intervalMs);
  timer.unref();

  return {
    prune,
    async stop() {
      stopping = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
