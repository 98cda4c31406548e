import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../platform/src/database.ts';
import { migrate } from '../../../platform/src/migrations.ts';
import { postgresUrlBase, useFreshDatabases } from '../../../platform/src/testing-postgres.ts';
import { messagingMigrations } from '../index.ts';
import { pruneMessagingTables } from './messaging-upkeep.ts';

/**
 * Pruning on a real PostgreSQL server, where replicas share the tables through a connection pool.
 * Needs TRAMITA_TEST_PG_URL_BASE (`npm run test:infra` sets it).
 */
describe.skipIf(!postgresUrlBase)('messaging upkeep on PostgreSQL', () => {
  const freshDatabase = useFreshDatabases();
  let database: Database<unknown> | undefined;
  afterEach(async () => {
    await database?.close();
  });

  it('lets two replicas prune at once: every old row is deleted exactly once and recent and unsent rows stay', async () => {
    database = await openDatabase({ kind: 'postgres', url: await freshDatabase('upkeep'), poolSize: 4 });
    const db = database.db;
    await migrate(db, [messagingMigrations]);
    await sql`insert into outbox (id, topic, message_key, envelope, published_at)
      select gen_random_uuid(), 't', 'k' || g, '{}'::jsonb,
        case when g <= 1000 then now() - interval '30 days' when g <= 1100 then now() else null end
      from generate_series(1, 1200) g`.execute(db);
    await sql`insert into inbox (consumer, message_id, processed_at)
      select 'index', gen_random_uuid(), case when g <= 1000 then now() - interval '30 days' else now() end
      from generate_series(1, 1100) g`.execute(db);
    const retention = { outboxHours: 168, inboxHours: 360 };

    const rounds = await Promise.all([0, 1].map(() => pruneMessagingTables(db, retention, { batchSize: 50 })));

    expect(rounds.reduce((sum, round) => sum + round.outbox, 0)).toBe(1000);
    expect(rounds.reduce((sum, round) => sum + round.inbox, 0)).toBe(1000);
    const left = await sql<{ published: number; unsent: number; inbox: number }>`
      select (select count(*)::int from outbox where published_at is not null) as published,
             (select count(*)::int from outbox where published_at is null) as unsent,
             (select count(*)::int from inbox) as inbox`.execute(db);
    expect(left.rows[0]).toEqual({ published: 100, unsent: 100, inbox: 100 });
  });
});
