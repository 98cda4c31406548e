import { PGlite } from '@electric-sql/pglite';
import { Kysely, sql } from 'kysely';
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PGliteDialect } from '../../../platform/src/pglite-dialect.ts';
import { buildEnvelope } from '../core/envelope.ts';
import { InProcessTransport } from '../core/in-process-transport.ts';
import { inboxConsumer } from './inbox-consumer.ts';
import { OutboxRelay } from './outbox-relay.ts';
import { UnitOfWork } from './unit-of-work.ts';
import { messagingMigrations } from '../index.ts';

const cause = { source: 'test', correlationId: 'corr', causationId: null };

async function freshDb(): Promise<{ db: Kysely<unknown>; pglite: PGlite }> {
  const pglite = await PGlite.create();
  const db = new Kysely<unknown>({ dialect: new PGliteDialect(pglite) });
  await sql.raw(await readFile(`${messagingMigrations.directory}/0001_messaging.sql`, 'utf8')).execute(db);
  await sql`create table effects (id serial primary key, note text not null)`.execute(db);
  return { db, pglite };
}

describe('outbox, relay and inbox', () => {
  let producer: { db: Kysely<unknown>; pglite: PGlite };
  let consumer: { db: Kysely<unknown>; pglite: PGlite };
  beforeEach(async () => {
    producer = await freshDb();
    consumer = await freshDb();
  });
  afterEach(async () => {
    await producer.db.destroy();
    await consumer.db.destroy();
  });

  it('publishes nothing from a transaction that rolled back', async () => {
    const transport = new InProcessTransport();
    const uow = new UnitOfWork(producer.db);
    await expect(
      uow.run(cause, async (_trx, outbox) => {
        outbox.send({ topic: 't', type: 'Happened', subject: 'a', data: {} });
        throw new Error('business rule broken');
      }),
    ).rejects.toThrow('business rule broken');
    const relay = new OutboxRelay(producer.db, transport);
    expect(await relay.drain()).toBe(0);
  });

  it('applies each committed message exactly once even when the relay publishes it again', async () => {
    const transport = new InProcessTransport();
    const consumerUow = new UnitOfWork(consumer.db);
    await transport.subscribe(
      inboxConsumer({
        group: 'effects',
        source: 'consumer',
        topics: ['t'],
        unitOfWork: consumerUow,
        handlers: {
          Happened: async (trx, envelope) => {
            await sql`insert into effects (note) values (${(envelope.data as { note: string }).note})`.execute(trx);
          },
        },
      }),
    );
    const uow = new UnitOfWork(producer.db);
    await uow.run(cause, async (_trx, outbox) => {
      outbox.send({ topic: 't', type: 'Happened', subject: 'a', data: { note: 'one' } });
      outbox.send({ topic: 't', type: 'Happened', subject: 'b', data: { note: 'two' } });
    });
    const relay = new OutboxRelay(producer.db, transport);
    expect(await relay.drain()).toBe(2);
    // Simulate a crash after delivery but before the rows were marked sent.
    await sql`update outbox set published_at = null`.execute(producer.db);
    expect(await relay.drain()).toBe(2);
    const effects = await sql<{ note: string }>`select note from effects order by note`.execute(consumer.db);
    expect(effects.rows.map((r) => r.note)).toEqual(['one', 'two']);
  });

  it('records a message that always fails in dead letters with its reason', async () => {
    const transport = new InProcessTransport({ maxAttempts: 2, initialBackoffMs: 1, maxBackoffMs: 1 });
    await transport.subscribe(
      inboxConsumer({
        group: 'strict',
        source: 'consumer',
        topics: ['t'],
        unitOfWork: new UnitOfWork(consumer.db),
        handlers: {
          Happened: async () => {
            throw new Error('cannot apply');
          },
        },
      }),
    );
    await new UnitOfWork(producer.db).run(cause, async (_trx, outbox) => {
      outbox.send({ topic: 't', type: 'Happened', subject: 'a', data: {} });
    });
    await new OutboxRelay(producer.db, transport).drain();
    const dead = await sql<{ reason: string; attempts: number }>`select reason, attempts from dead_letters`.execute(consumer.db);
    expect(dead.rows).toEqual([{ reason: 'cannot apply', attempts: 2 }]);
  });

  it('publishes under the advisory lock as it would on PostgreSQL with several replicas', async () => {
    const transport = new InProcessTransport();
    const received: string[] = [];
    await transport.subscribe({ group: 'g', topics: ['t'], handle: async (m) => void received.push(m.key), deadLetter: async () => {} });
    const uow = new UnitOfWork(producer.db);
    for (const key of ['a', 'b', 'c']) {
      await uow.run(cause, async (_trx, outbox) => outbox.send({ topic: 't', type: 'Happened', subject: key, data: {} }));
    }
    const first = new OutboxRelay(producer.db, transport, { exclusivity: 'advisory-lock' });
    const second = new OutboxRelay(producer.db, transport, { exclusivity: 'advisory-lock' });
    const [one, two] = await Promise.all([first.drain(), second.drain()]);
    expect(one + two).toBe(3);
    expect(received).toEqual(['a', 'b', 'c']);
  });

  it('wakes up and publishes soon after a commit when running', async () => {
    const transport = new InProcessTransport();
    const received: string[] = [];
    await transport.subscribe({
      group: 'g',
      topics: ['t'],
      handle: async (m) => void received.push(m.envelope.type),
      deadLetter: async () => {},
    });
    const relay = new OutboxRelay(producer.db, transport, { pollIntervalMs: 60_000 });
    const uow = new UnitOfWork(producer.db, () => relay.wake());
    relay.start();
    await uow.run(cause, async (_trx, outbox) => outbox.send({ topic: 't', type: 'Woken', subject: 'a', data: {} }));
    for (let i = 0; i < 100 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    await relay.stop();
    expect(received).toEqual(['Woken']);
  });
});

describe('outbox relay rounds', () => {
  it('publishes a message committed while it was publishing the previous batch without waiting for the poll', async () => {
    const { db: producerDb } = await freshDb();
    const transport = new InProcessTransport();
    const received: string[] = [];
    await transport.subscribe({ group: 'g', topics: ['t'], handle: async (m) => void received.push(m.envelope.type), deadLetter: async () => {} });
    // The first batch is read, then held 100 ms before it is published: the second commit lands meanwhile.
    const relay = new OutboxRelay(producerDb, transport, { pollIntervalMs: 60_000, delayBeforePublishMs: 100 });
    const uow = new UnitOfWork(producerDb, () => relay.wake());
    relay.start();
    await uow.run(cause, async (_trx, outbox) => outbox.send({ topic: 't', type: 'First', subject: 'a', data: {} }));
    await new Promise((r) => setTimeout(r, 30));
    await uow.run(cause, async (_trx, outbox) => outbox.send({ topic: 't', type: 'Second', subject: 'a', data: {} }));
    for (let i = 0; i < 200 && received.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    await relay.stop();
    expect(received).toEqual(['First', 'Second']);
  });
});

describe('inbox consumer batches', () => {
  it('applies a batch in one transaction: each message once, none already in the inbox, each the cause of what its handler sends', async () => {
    const { db } = await freshDb();
    const uow = new UnitOfWork(db);
    const applied: string[] = [];
    const consumer = inboxConsumer({
      group: 'batch',
      source: 's',
      topics: ['t'],
      unitOfWork: uow,
      handlers: {
        Named: async (_trx, envelope, outbox) => {
          applied.push(envelope.subject);
          outbox.send({ topic: 'out', type: 'Echo', subject: envelope.subject, data: {} });
        },
      },
    });
    const [a, b, c] = ['a', 'b', 'c'].map((subject) =>
      buildEnvelope({ topic: 't', type: 'Named', subject, data: {} }, { ...cause, correlationId: `corr-${subject}` }),
    );
    await consumer.handle(a!);
    const ignored = buildEnvelope({ topic: 't', type: 'Unnamed', subject: 'x', data: {} }, cause);
    // c's id in capitals, as another producer might write a uuid: still applied, once.
    const shouted = { ...c!, envelope: { ...c!.envelope, id: c!.envelope.id.toUpperCase() } };
    await consumer.handleBatch!([a!, b!, ignored, shouted, b!]);
    expect(applied).toEqual(['a', 'b', 'c']);
    const sent = await sql<{
      subject: string;
      correlation: string;
    }>`select envelope->>'subject' as subject, envelope->>'correlationid' as correlation from outbox order by seq`.execute(db);
    expect(sent.rows).toEqual([
      { subject: 'a', correlation: 'corr-a' },
      { subject: 'b', correlation: 'corr-b' },
      { subject: 'c', correlation: 'corr-c' },
    ]);
    await db.destroy();
  });

  it('applies nothing of a batch one of whose handlers fails, inbox included, so each can be applied on its own after', async () => {
    const { db } = await freshDb();
    const uow = new UnitOfWork(db);
    const consumer = inboxConsumer({
      group: 'batch',
      source: 's',
      topics: ['t'],
      unitOfWork: uow,
      handlers: {
        Named: async (trx, envelope) => {
          if (envelope.subject === 'bad') throw new Error('cannot');
          await sql`insert into outbox (id, topic, message_key, envelope) values (${envelope.id}::uuid, 'effects', ${envelope.subject}, '{}'::jsonb)`.execute(
            trx,
          );
        },
      },
    });
    const message = (subject: string) => buildEnvelope({ topic: 't', type: 'Named', subject, data: {} }, cause);
    const good = message('good');
    await expect(consumer.handleBatch!([good, message('bad')])).rejects.toThrow('cannot');
    const counts = await sql<{
      inbox: number;
      effects: number;
    }>`select (select count(*)::int from inbox) as inbox, (select count(*)::int from outbox) as effects`.execute(db);
    expect(counts.rows[0]).toEqual({ inbox: 0, effects: 0 });
    await consumer.handle(good);
    const after = await sql<{ inbox: number }>`select count(*)::int as inbox from inbox`.execute(db);
    expect(after.rows[0]?.inbox).toBe(1);
    await db.destroy();
  });
});

describe('inbox consumer routing', () => {
  it('sends types without a named handler to the fallback, and ignores them when there is none', async () => {
    const { db } = await freshDb();
    const uow = new UnitOfWork(db);
    const seen: string[] = [];
    const withFallback = inboxConsumer({
      group: 'with',
      source: 's',
      topics: ['t'],
      unitOfWork: uow,
      handlers: { Named: async () => void seen.push('named') },
      otherwise: async (_trx, envelope) => void seen.push(`other:${envelope.type}`),
    });
    const without = inboxConsumer({ group: 'without', source: 's', topics: ['t'], unitOfWork: uow, handlers: {} });
    const named = buildEnvelope({ topic: 't', type: 'Named', subject: 'a', data: {} }, cause);
    const unnamed = buildEnvelope({ topic: 't', type: 'Unnamed', subject: 'a', data: {} }, cause);
    await withFallback.handle(named);
    await withFallback.handle(unnamed);
    await without.handle(unnamed);
    expect(seen).toEqual(['named', 'other:Unnamed']);
    const inbox = await sql<{ consumer: string }>`select consumer from inbox order by consumer`.execute(db);
    expect(inbox.rows.map((r) => r.consumer)).toEqual(['with', 'with']);
    await db.destroy();
  });
});
