import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagingMigrations, sagaParticipantConsumer, UnitOfWork, buildEnvelope, type Envelope } from '@tramita/messaging';
import { docsParticipant, docsProxy } from '@tramita/contracts';
import { migrate, openDatabase, type Database } from '@tramita/platform';
import { docsMigrations } from './database.ts';

/** A copy of a migration set holding only its files before `before`: the schema an older release left. */
async function olderSet(set: { name: string; directory: string }, before: string) {
  const directory = await mkdtemp(join(tmpdir(), `${set.name}-migrations-`));
  for (const file of (await readdir(set.directory)).filter((name) => name < before)) await cp(join(set.directory, file), join(directory, file));
  return { name: set.name, directory };
}

describe('docs migrations on data written before them', () => {
  let database: Database<unknown>;
  const copies: string[] = [];
  beforeAll(async () => {
    const messaging = await olderSet(messagingMigrations, '0002');
    const docs = await olderSet(docsMigrations, '0002');
    copies.push(messaging.directory, docs.directory);
    database = await openDatabase<unknown>({ kind: 'memory' });
    await migrate(database.db, [messaging, docs]);
    // The late-attach guard as docs kept it before: one tombstone per compensated attachment (saga id).
    await sql`insert into attachment_tombstones (attachment_id, file_code, recorded_at)
      values ('0190a000-0000-7000-8000-00000000000b', 'EXP-OLD-1', '2026-01-02T03:04:05Z')`.execute(database.db);
    await migrate(database.db, [messagingMigrations, docsMigrations]);
  });
  afterAll(async () => {
    await database.close();
    for (const directory of copies) await rm(directory, { recursive: true, force: true });
  });

  it('carries every attachment tombstone over to the compensations every participant shares', async () => {
    const rows = await sql<{ saga_id: string; step: string }>`select saga_id, step from saga_compensations`.execute(database.db);
    expect(rows.rows).toEqual([{ saga_id: '0190a000-0000-7000-8000-00000000000b', step: 'attach-documents' }]);
  });

  it('so the late attach of a saga compensated before the upgrade stays refused', async () => {
    let attached = false;
    const consumer = sagaParticipantConsumer(docsParticipant, {
      unitOfWork: new UnitOfWork(database.db),
      handlers: {
        AttachDocuments: async (_trx, command, { reply }) => {
          attached = true;
          return reply.success('DocumentsAttached', { fileCode: command.fileCode, documentIds: command.documentIds });
        },
        DetachDocuments: async (_trx, command, { reply }) => reply.success('DocumentsDetached', command),
      },
    });
    const late = docsProxy.AttachDocuments({ fileCode: 'EXP-OLD-1', documentIds: ['d-1'], requestedBy: { username: 'ana', displayName: 'Pérez, Ana' } });
    await consumer.handle(
      buildEnvelope(
        { ...late, saga: { id: '0190a000-0000-7000-8000-00000000000b', step: 'attach-documents', direction: 'forward', replyTo: 'files.create-file.replies' } },
        { source: 'files', correlationId: 'c', causationId: null },
      ),
    );
    expect(attached).toBe(false);
    const replies = await sql<{ envelope: Envelope }>`select envelope from outbox`.execute(database.db);
    expect(replies.rows.map((row) => row.envelope)).toMatchObject([{ type: 'DocumentsAttachFailed', outcome: 'failure' }]);
  });
});
