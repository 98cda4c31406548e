import { PGlite } from '@electric-sql/pglite';
import { Kysely, sql } from 'kysely';
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PGliteDialect } from '../../../platform/src/pglite-dialect.ts';
import { buildEnvelope } from '../core/envelope.ts';
import { messagingMigrations } from '../index.ts';
import { readMessagingStatus } from './messaging-status.ts';

const cause = { source: 'test', correlationId: 'corr', causationId: null };

describe('messaging status', () => {
  let db: Kysely<unknown>;
  beforeEach(async () => {
    db = new Kysely<unknown>({ dialect: new PGliteDialect(await PGlite.create()) });
    await sql.raw(await readFile(`${messagingMigrations.directory}/0001_messaging.sql`, 'utf8')).execute(db);
  });
  afterEach(async () => {
    await db.destroy();
  });

  it('reports nothing to do on empty tables', async () => {
    expect(await readMessagingStatus(db)).toEqual({
      outbox: { pending: 0, oldestPendingAt: null },
      sagas: { running: 0, compensating: 0, failed: 0, oldestOpenAt: null },
      deadLetters: { total: 0, recent: [] },
    });
  });

  it('counts unpublished outbox rows, open and failed sagas, and lists dead letters newest first with their reason', async () => {
    const message = (subject: string) => buildEnvelope({ topic: 'files.events', type: 'FileCreated', subject, data: {} }, cause);
    for (const [i, published] of [
      [1, true],
      [2, false],
      [3, false],
    ] as const) {
      const { envelope } = message(`F-${i}`);
      await sql`insert into outbox (id, topic, message_key, envelope, created_at, published_at)
        values (${envelope.id}, 'files.events', ${`F-${i}`}, ${JSON.stringify(envelope)}::jsonb, ${`2026-01-0${i}T00:00:00Z`}, ${published ? new Date() : null})`.execute(
        db,
      );
    }
    for (const [status, created] of [
      ['running', '2026-02-03'],
      ['compensating', '2026-02-02'],
      ['failed', '2026-02-01'],
      ['completed', '2026-01-01'],
    ]) {
      await sql`insert into saga_instances (id, saga_type, subject, status, step, data, correlation_id, created_at, deadline_at)
        values (gen_random_uuid(), 'create-file', 'X', ${status}, 0, '{}'::jsonb, 'c', ${created}, now())`.execute(db);
    }
    for (const [i, failedAt] of [
      [1, '2026-03-01T00:00:00Z'],
      [2, '2026-03-02T00:00:00Z'],
    ] as const) {
      const { envelope } = message(`D-${i}`);
      await sql`insert into dead_letters (consumer, message_id, topic, envelope, reason, attempts, failed_at)
        values ('index', ${envelope.id}, 'files.events', ${JSON.stringify(envelope)}::jsonb, ${`broken ${i}`}, 5, ${failedAt})`.execute(db);
    }

    const status = await readMessagingStatus(db, { recentDeadLetters: 1 });
    expect(status.outbox).toEqual({ pending: 2, oldestPendingAt: '2026-01-02T00:00:00.000Z' });
    expect(status.sagas).toEqual({ running: 1, compensating: 1, failed: 1, oldestOpenAt: '2026-02-02T00:00:00.000Z' });
    expect(status.deadLetters.total).toBe(2);
    expect(status.deadLetters.recent).toEqual([
      expect.objectContaining({
        consumer: 'index',
        topic: 'files.events',
        type: 'FileCreated',
        subject: 'D-2',
        reason: 'broken 2',
        attempts: 5,
        failedAt: '2026-03-02T00:00:00.000Z',
      }),
    ]);
  });
});
