import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { messagingMigrations, OutboxRelay, UnitOfWork, type MessageTransport, type TransportMessage } from '@tramita/messaging';
import { openDatabase } from './database.ts';
import { migrate } from './migrations.ts';
import { listenForOutboxCommits } from './outbox-commit-listener.ts';
import { postgresUrlBase, useFreshDatabases } from './testing-postgres.ts';

/**
 * LISTEN/NOTIFY wakes the relays of every replica on every commit that writes the outbox (messaging
 * migration 0004, ADR 0018), on a real PostgreSQL server (TRAMITA_TEST_PG_URL_BASE). The relays
 * here poll once an hour, so only a notification can have woken them within the test.
 */
const HOUR = 3_600_000;
const cause = { source: 'files', correlationId: 'c', causationId: null };

async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A transport that records what it was given. */
function recordingTransport(): MessageTransport & { published: TransportMessage[] } {
  const published: TransportMessage[] = [];
  return { published, publish: async (messages) => void published.push(...messages), subscribe: async () => {}, close: async () => {} };
}

describe.skipIf(!postgresUrlBase)('outbox commit listener on PostgreSQL', () => {
  const freshDatabase = useFreshDatabases();
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function database(url: string): Promise<Kysely<unknown>> {
    const opened = await openDatabase<unknown>({ kind: 'postgres', url, poolSize: 3 });
    cleanups.push(() => opened.close());
    return opened.db;
  }

  /** A relay polling once an hour, with its listener; resolves once the listener is connected. */
  async function listeningReplica(url: string, transport: MessageTransport) {
    const db = await database(url);
    const relay = new OutboxRelay(db, transport, { pollIntervalMs: HOUR, exclusivity: 'advisory-lock' });
    const states: boolean[] = [];
    const observed = {
      wake: () => relay.wake(),
      setDatabaseWakes: (listening: boolean) => (states.push(listening), relay.setDatabaseWakes(listening)),
    };
    const listener = listenForOutboxCommits(url, observed, { retryMs: 50 });
    relay.start();
    cleanups.push(async () => {
      await listener.stop();
      await relay.stop();
    });
    await waitFor(() => states.at(-1) === true, 'the listener to connect');
    return { db, relay, states };
  }

  it("wakes every replica's relay on another replica's commit, with no wake in process", async () => {
    const url = await freshDatabase('outbox_notify');
    await migrate(await database(url), [messagingMigrations]);
    const transport = recordingTransport();
    await listeningReplica(url, transport);
    await listeningReplica(url, transport);

    // A third process commits and tells no relay: only the database's notification can wake them.
    const writer = new UnitOfWork(await database(url), () => {});
    for (let n = 0; n < 5; n++)
      await writer.run(cause, async (_trx, outbox) => outbox.send({ topic: 'files.events', type: 'StepRecorded', subject: `EXP-${n}`, data: { n } }));

    await waitFor(() => transport.published.length === 5, 'the five messages to be published');
    expect(transport.published.map((m) => m.envelope.subject)).toEqual(['EXP-0', 'EXP-1', 'EXP-2', 'EXP-3', 'EXP-4']);
    const unsent = await sql<{ n: number }>`select count(*)::int as n from outbox where published_at is null`.execute(await database(url));
    expect(unsent.rows[0]?.n).toBe(0);
  });

  it('tells the relay when its connection is lost, connects again and is woken again', async () => {
    const url = await freshDatabase('outbox_notify_lost');
    const admin = await database(url);
    await migrate(admin, [messagingMigrations]);
    const transport = recordingTransport();
    const replica = await listeningReplica(url, transport);

    // The server ends the listening connection (a restart or an administrator would).
    const ended = await sql<{ n: number }>`
      select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
      where datname = current_database() and query ilike 'listen %'`.execute(admin);
    expect(ended.rows[0]?.n).toBe(1);
    await waitFor(() => replica.states.filter((s) => s).length === 2, 'the listener to connect again');
    expect(replica.states).toEqual([true, false, true]);

    await new UnitOfWork(admin, () => {}).run(cause, async (_trx, outbox) =>
      outbox.send({ topic: 'files.events', type: 'StepRecorded', subject: 'EXP-after', data: {} }),
    );
    await waitFor(() => transport.published.length === 1, 'the message committed after reconnecting');
    expect(transport.published[0]?.envelope.subject).toBe('EXP-after');
  });
});
