import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { inboxConsumer, KafkaTransport, messagingMigrations, OutboxRelay, UnitOfWork, type TransportMessage } from '@tramita/messaging';
import { openDatabase, type Database } from './database.ts';
import { migrate } from './migrations.ts';
import { postgresUrlBase, useFreshDatabases } from './testing-postgres.ts';

/**
 * The distributed mode's messaging path end to end on real servers: a use case commits state and
 * outbox rows on PostgreSQL → the relay publishes them to Kafka → another service's inbox
 * consumer applies them in its own PostgreSQL transaction. Needs TRAMITA_TEST_PG_URL_BASE and
 * KAFKA_BROKERS (`npm run test:infra` sets both).
 */
const base = postgresUrlBase;
const brokers = process.env.KAFKA_BROKERS?.split(',').filter(Boolean) ?? [];
const unique = (prefix: string) => `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 10)}`;

async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!base || brokers.length === 0)('outbox → relay → Kafka → inbox on PostgreSQL', () => {
  const freshDatabase = useFreshDatabases();
  const cleanups: (() => Promise<void>)[] = [];
  async function serviceDatabase(prefix: string): Promise<Kysely<unknown>> {
    const database: Database<unknown> = await openDatabase({ kind: 'postgres', url: await freshDatabase(prefix), poolSize: 5 });
    cleanups.push(() => database.close());
    await migrate(database.db, [messagingMigrations]);
    await sql`create table effects (seq serial primary key, message_id uuid not null, subject text not null, n integer not null)`.execute(database.db);
    return database.db;
  }
  function transport(): KafkaTransport {
    const t = new KafkaTransport({ brokers, clientId: unique('it'), retry: { maxAttempts: 3, initialBackoffMs: 10, maxBackoffMs: 50 } });
    cleanups.push(() => t.close());
    return t;
  }
  const count = async (db: Kysely<unknown>, query: RawBuilder<{ n: number }>) => (await query.execute(db)).rows[0]?.n ?? -1;

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('delivers committed messages once each, in order per key, even with two relay replicas and a republished batch', async () => {
    const topic = unique('files.events').replaceAll('_', '-');
    const producerDb = await serviceDatabase('producer');
    const consumerDb = await serviceDatabase('consumer');
    const kafka = transport();

    // Two replicas of the producing service relay the same outbox (advisory lock: one at a time).
    const relays = [0, 1].map(() => new OutboxRelay(producerDb, kafka, { pollIntervalMs: 100, exclusivity: 'advisory-lock' }));
    const producer = new UnitOfWork(producerDb, () => relays.forEach((r) => r.wake()));
    cleanups.push(async () => void (await Promise.all(relays.map((r) => r.stop()))));

    const applied: TransportMessage[] = [];
    const inbox = inboxConsumer({
      group: unique('index'),
      source: 'index',
      topics: [topic],
      unitOfWork: new UnitOfWork(consumerDb),
      handlers: {
        StepRecorded: async (trx, envelope) => {
          const { n } = envelope.data as { n: number };
          await sql`insert into effects (message_id, subject, n) values (${envelope.id}, ${envelope.subject}, ${n})`.execute(trx);
        },
      },
    });
    await kafka.subscribe({ ...inbox, handle: async (m) => (await inbox.handle(m), void applied.push(m)) });
    relays.forEach((r) => r.start());

    const cause = { source: 'files', correlationId: 'req-1', causationId: null };
    const subjects = ['EXP-1', 'EXP-2', 'EXP-3'];
    for (let n = 0; n < 10; n++) {
      await producer.run(cause, async (_trx, outbox) => {
        for (const subject of subjects) outbox.send({ topic, type: 'StepRecorded', subject, data: { n } });
      });
    }
    // A transaction that rolls back publishes nothing.
    await expect(
      producer.run(cause, async (_trx, outbox) => {
        outbox.send({ topic, type: 'StepRecorded', subject: 'EXP-ghost', data: { n: 0 } });
        throw new Error('rule broken');
      }),
    ).rejects.toThrow('rule broken');

    await waitFor(async () => (await count(consumerDb, sql<{ n: number }>`select count(*)::int as n from effects`)) === 30, 'all effects');
    await waitFor(
      async () => (await count(producerDb, sql<{ n: number }>`select count(*)::int as n from outbox where published_at is null`)) === 0,
      'the outbox marked sent',
    );
    const effects = await sql<{ subject: string; n: number }>`select subject, n from effects order by seq`.execute(consumerDb);
    for (const subject of subjects) {
      expect(effects.rows.filter((r) => r.subject === subject).map((r) => r.n)).toEqual([...Array(10).keys()]);
    }
    expect(effects.rows.some((r) => r.subject === 'EXP-ghost')).toBe(false);

    // The relay publishes the same rows again (as after a crash before marking them sent): no new effect.
    const before = applied.length;
    await sql`update outbox set published_at = null where seq in (select seq from outbox order by seq limit 5)`.execute(producerDb);
    relays[0]!.wake();
    await waitFor(async () => applied.length >= before + 5, 'the redelivered messages');
    expect(await count(consumerDb, sql<{ n: number }>`select count(*)::int as n from effects`)).toBe(30);
    expect(await count(consumerDb, sql<{ n: number }>`select count(*)::int as n from inbox`)).toBe(30);
  });

  it('records a message that keeps failing in the consumer dead_letters table with its reason, and applies nothing', async () => {
    const topic = unique('bpm.commands').replaceAll('_', '-');
    const producerDb = await serviceDatabase('producer');
    const consumerDb = await serviceDatabase('consumer');
    const kafka = transport();
    const relay = new OutboxRelay(producerDb, kafka, { pollIntervalMs: 100, exclusivity: 'advisory-lock' });
    cleanups.push(() => relay.stop());
    const group = unique('bpm');
    const inbox = inboxConsumer({
      group,
      source: 'bpm',
      topics: [topic],
      unitOfWork: new UnitOfWork(consumerDb),
      handlers: {
        CreateProcess: async () => {
          throw new Error('procedure "unknown" does not exist');
        },
      },
    });
    await kafka.subscribe(inbox);
    await new UnitOfWork(producerDb, () => relay.wake()).run({ source: 'files', correlationId: 'c', causationId: null }, async (_trx, outbox) =>
      outbox.send({ topic, type: 'CreateProcess', subject: 'EXP-7', data: {} }),
    );
    relay.start();
    await waitFor(async () => (await count(consumerDb, sql<{ n: number }>`select count(*)::int as n from dead_letters`)) === 1, 'the dead letter');
    const dead = await sql<{ consumer: string; topic: string; reason: string; attempts: number }>`
      select consumer, topic, reason, attempts from dead_letters`.execute(consumerDb);
    expect(dead.rows).toEqual([{ consumer: group, topic, reason: 'procedure "unknown" does not exist', attempts: 3 }]);
    expect(await count(consumerDb, sql<{ n: number }>`select count(*)::int as n from inbox`)).toBe(0);
  });
});
