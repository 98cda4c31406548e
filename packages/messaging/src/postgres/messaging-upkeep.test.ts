import { PGlite } from '@electric-sql/pglite';
import { Kysely, sql } from 'kysely';
import { readdir, readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PGliteDialect } from '../../../platform/src/pglite-dialect.ts';
import { buildEnvelope } from '../core/envelope.ts';
import { messagingMigrations } from '../index.ts';
import { inboxConsumer } from './inbox-consumer.ts';
import { checkMessagingRetention, pruneBatchStatement, pruneMessagingTables, startMessagingUpkeep, type UpkeepLog } from './messaging-upkeep.ts';
import { UnitOfWork } from './unit-of-work.ts';

const cause = { source: 'test', correlationId: 'corr', causationId: null };
const retention = { outboxHours: 168, inboxHours: 360 };
const silent: UpkeepLog = { info: () => {}, debug: () => {}, error: () => {} };

describe('messaging upkeep', () => {
  let db: Kysely<unknown>;
  beforeEach(async () => {
    db = new Kysely<unknown>({ dialect: new PGliteDialect(await PGlite.create()) });
    for (const file of (await readdir(messagingMigrations.directory)).filter((f) => f.endsWith('.sql')).sort())
      await sql.raw(await readFile(`${messagingMigrations.directory}/${file}`, 'utf8')).execute(db);
  });
  afterEach(async () => {
    await db.destroy();
  });

  /** An outbox row published `publishedHoursAgo` hours ago (null: not published yet), created 30 days ago. */
  async function outboxRow(subject: string, publishedHoursAgo: number | null): Promise<void> {
    const { envelope } = buildEnvelope({ topic: 'files.events', type: 'FileCreated', subject, data: {} }, cause);
    await sql`insert into outbox (id, topic, message_key, envelope, created_at, published_at)
      values (${envelope.id}, 'files.events', ${subject}, ${JSON.stringify(envelope)}::jsonb, now() - interval '30 days',
        case when ${publishedHoursAgo}::int is null then null else now() - make_interval(hours => ${publishedHoursAgo}::int) end)`.execute(db);
  }
  async function inboxId(consumer: string, hoursAgo: number): Promise<void> {
    await sql`insert into inbox (consumer, message_id, processed_at) values (${consumer}, gen_random_uuid(), now() - make_interval(hours => ${hoursAgo}::int))`.execute(
      db,
    );
  }
  const outboxSubjects = async () =>
    (await sql<{ message_key: string }>`select message_key from outbox order by message_key`.execute(db)).rows.map((r) => r.message_key);
  const inboxCount = async () => Number((await sql<{ n: number }>`select count(*)::int as n from inbox`.execute(db)).rows[0]?.n);

  it('deletes published outbox rows older than the retention and keeps recent ones and every unpublished row, however old', async () => {
    await outboxRow('old-published', 169);
    await outboxRow('recent-published', 167);
    await outboxRow('old-unpublished', null);

    const round = await pruneMessagingTables(db, retention);

    expect(round.outbox).toBe(1);
    expect(await outboxSubjects()).toEqual(['old-unpublished', 'recent-published']);
  });

  it('deletes inbox ids older than the retention and keeps recent ones', async () => {
    await inboxId('index', 361);
    await inboxId('index', 400);
    await inboxId('index', 359);

    const round = await pruneMessagingTables(db, retention);

    expect(round.inbox).toBe(2);
    expect(await inboxCount()).toBe(1);
  });

  it('never deletes dead letters, however old', async () => {
    const { envelope } = buildEnvelope({ topic: 'files.events', type: 'FileCreated', subject: 'F-1', data: {} }, cause);
    await sql`insert into dead_letters (consumer, message_id, topic, envelope, reason, attempts, failed_at)
      values ('index', ${envelope.id}, 'files.events', ${JSON.stringify(envelope)}::jsonb, 'broken', 5, now() - interval '3 years')`.execute(db);
    await sql`insert into inbox (consumer, message_id, processed_at) values ('index', ${envelope.id}, now() - interval '3 years')`.execute(db);

    await pruneMessagingTables(db, retention);

    const left = await sql<{ n: number }>`select count(*)::int as n from dead_letters`.execute(db);
    expect(left.rows[0]?.n).toBe(1);
  });

  it('empties a table holding more old rows than one batch over several statements of at most one batch each', async () => {
    for (let i = 0; i < 7; i++) await outboxRow(`old-${i}`, 200 + i);
    await outboxRow('recent', 1);

    const round = await pruneMessagingTables(db, retention, { batchSize: 3 });

    // Outbox: 3 + 3 + 1 (a short batch means nothing is left); inbox: one empty statement.
    expect(round).toEqual({ outbox: 7, inbox: 0, statements: 4 });
    expect(await outboxSubjects()).toEqual(['recent']);
  });

  it('finds and deletes each batch through indexes, never scanning a whole table', async () => {
    await sql`insert into outbox (id, topic, message_key, envelope, published_at)
      select gen_random_uuid(), 't', 'k', '{}'::jsonb, case when g % 10 = 0 then null else now() - make_interval(mins => g) end
      from generate_series(1, 20000) g`.execute(db);
    await sql`insert into inbox (consumer, message_id, processed_at)
      select 'c', gen_random_uuid(), now() - make_interval(mins => g) from generate_series(1, 20000) g`.execute(db);
    await sql`analyze`.execute(db);
    for (const table of ['outbox', 'inbox'] as const) {
      const plan = (await sql<{ 'QUERY PLAN': string }>`explain ${pruneBatchStatement(table, 168, 500)}`.execute(db)).rows
        .map((row) => row['QUERY PLAN'])
        .join('\n');
      expect(plan).not.toMatch(/Seq Scan/);
      expect(plan).toMatch(
        table === 'outbox' ? /Index Scan using outbox_published_at[\s\S]*Index Scan using outbox_pkey/ : /Index Scan using inbox_processed_at[\s\S]*Tid Scan/,
      );
    }
  });

  it('stops between statements once asked, leaving the rest for the next round', async () => {
    for (let i = 0; i < 7; i++) await inboxId('index', 400 + i);
    let statements = 0;
    const round = await pruneMessagingTables(db, retention, {
      batchSize: 2,
      // Polled before each statement: the outbox's only statement, then the inbox's first.
      stopped: () => statements++ >= 2,
    });

    expect(round).toEqual({ outbox: 0, inbox: 2, statements: 2 });
    expect(await inboxCount()).toBe(5);
  });

  it('applies a message again when it is redelivered after its inbox id was pruned, which is why the inbox retention must outlast every redelivery window', async () => {
    await sql`create table effects (id serial primary key, subject text not null)`.execute(db);
    const subscription = inboxConsumer({
      group: 'effects',
      source: 'consumer',
      topics: ['files.events'],
      unitOfWork: new UnitOfWork(db),
      handlers: {
        FileCreated: async (trx, envelope) => {
          await sql`insert into effects (subject) values (${envelope.subject})`.execute(trx);
        },
      },
    });
    const message = buildEnvelope({ topic: 'files.events', type: 'FileCreated', subject: 'F-1', data: {} }, cause);
    const effects = async () => Number((await sql<{ n: number }>`select count(*)::int as n from effects`.execute(db)).rows[0]?.n);

    await subscription.handle(message);
    await subscription.handle(message);
    expect(await effects()).toBe(1); // the inbox absorbs a redelivery it still remembers

    await sql`update inbox set processed_at = now() - interval '16 days'`.execute(db);
    await pruneMessagingTables(db, retention);
    await subscription.handle(message);
    expect(await effects()).toBe(2);
  });

  it('refuses retentions that are not whole hours in range, naming the value', () => {
    expect(() => checkMessagingRetention({ outboxHours: 0, inboxHours: 360 })).toThrow(
      'The outbox retention must be a whole number of hours from 1 to 87600, not 0.',
    );
    expect(() => checkMessagingRetention({ outboxHours: 1.5, inboxHours: 360 })).toThrow(/outbox retention .* not 1\.5/);
    expect(() => checkMessagingRetention({ outboxHours: 168, inboxHours: 12 })).toThrow(
      'The inbox retention must be a whole number of hours from 24 to 87600, not 12.',
    );
    expect(() => checkMessagingRetention({ outboxHours: 168, inboxHours: Number.NaN })).toThrow(/inbox retention .* not NaN/);
    expect(() => checkMessagingRetention({ outboxHours: 168, inboxHours: 100_000 })).toThrow(/not 100000/);
    expect(checkMessagingRetention({ outboxHours: 1, inboxHours: 24 })).toEqual({ outboxHours: 1, inboxHours: 24 });
  });

  it('logs how many rows a round removed, and only counts', async () => {
    await outboxRow('old', 500);
    await inboxId('index', 500);
    const lines: { details: object; message: string }[] = [];
    const upkeep = startMessagingUpkeep({
      db,
      retention,
      intervalMs: 3_600_000,
      logger: { ...silent, info: (details, message) => void lines.push({ details, message }) },
    });
    try {
      await upkeep.prune();
      await upkeep.prune(); // nothing left: no info line
    } finally {
      await upkeep.stop();
    }
    expect(lines).toEqual([{ details: { outbox: 1, inbox: 1, statements: 2 }, message: 'messaging tables pruned' }]);
  });

  it('prunes on its interval', async () => {
    for (let i = 0; i < 5; i++) await outboxRow(`old-${i}`, 500);
    const upkeep = startMessagingUpkeep({ db, retention, intervalMs: 20, batchSize: 2, logger: silent });
    try {
      const deadline = Date.now() + 5_000;
      while ((await outboxSubjects()).length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      await upkeep.stop();
    }
    expect(await outboxSubjects()).toEqual([]);
  });

  it('stops a running round after its current statement, and stop() resolves only once that round ended', async () => {
    for (let i = 0; i < 10; i++) await outboxRow(`old-${i}`, 500);
    const upkeep = startMessagingUpkeep({ db, retention, intervalMs: 3_600_000, batchSize: 1, logger: silent });
    let ended = false;
    const inProgress = upkeep.prune().finally(() => (ended = true));

    await upkeep.stop();

    expect(ended).toBe(true);
    expect(await inProgress).toEqual({ outbox: 1, inbox: 0, statements: 1 });
    expect(await outboxSubjects()).toHaveLength(9);
  });

  it('refuses an interval that is not a positive whole number of milliseconds', () => {
    expect(() => startMessagingUpkeep({ db, retention, intervalMs: 0, logger: silent })).toThrow(
      'The prune interval must be a whole number of milliseconds from 1, not 0.',
    );
  });
});
