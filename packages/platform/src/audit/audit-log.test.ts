import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../database.ts';
import { migrate } from '../migrations.ts';
import { AuditEntryError, GENESIS_HASH, type AuditEntryInput } from './audit-entry.ts';
import { appendAudit, auditHead, auditMigrations, checkpointAudit, exportAudit, readAudit } from './audit-log.ts';
import { verifyAuditExport } from './verify-audit-export.ts';

const T0 = Date.parse('2026-12-04T10:00:00Z');
const entry = (n: number, over: Partial<AuditEntryInput> = {}): AuditEntryInput => ({
  service: 'files',
  actor: { username: 'ana', displayName: 'García, Ana' },
  action: 'file.create',
  fileCode: `EXP-${n}`,
  organism: 'L01280796',
  outcome: 'success',
  correlationId: `req-${n}`,
  details: { n },
  ...over,
});

describe('the audit log (PGlite)', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  async function database(): Promise<Kysely<unknown>> {
    const database = await openDatabase<unknown>({ kind: 'memory' });
    closers.push(() => database.close());
    await migrate(database.db, [auditMigrations]);
    return database.db;
  }
  const append = (db: Kysely<unknown>, input: AuditEntryInput, at = new Date(T0)) => db.transaction().execute((trx) => appendAudit(trx, input, at));
  const count = async (db: Kysely<unknown>) => (await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(db)).rows[0]!.n;

  it('chains entries appended in separate transactions: seq 1, 2, 3, each naming the previous hash', async () => {
    const db = await database();
    const records = [];
    for (const n of [1, 2, 3]) records.push(await append(db, entry(n), new Date(T0 + n)));
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(records.map((r) => r.prevHash)).toEqual([GENESIS_HASH, records[0]!.hash, records[1]!.hash]);
    expect(await readAudit(db)).toEqual(records);
    expect(await auditHead(db)).toEqual({ seq: 3, hash: records[2]!.hash });
  });

  it('leaves no entry and no gap behind a transaction that rolled back', async () => {
    const db = await database();
    await append(db, entry(1));
    await expect(
      db.transaction().execute(async (trx) => {
        await appendAudit(trx, entry(2));
        throw new Error('the change it records failed');
      }),
    ).rejects.toThrow('the change it records failed');
    expect(await count(db)).toBe(1);
    const next = await append(db, entry(3));
    expect(next.seq).toBe(2);
    expect(verifyAuditExport(await exportAudit(db))).toMatchObject({ ok: true, entries: 2, head: next.hash });
  });

  it('refuses secrets and long strings in details and writes nothing, even when the caller commits anyway', async () => {
    const db = await database();
    await expect(append(db, entry(1, { details: { accessToken: 'abc' } }))).rejects.toThrow(AuditEntryError);
    await expect(append(db, entry(1, { details: { body: 'x'.repeat(5_000) } }))).rejects.toThrow(/document contents are never logged/);
    await db.transaction().execute(async (trx) => {
      await expect(appendAudit(trx, entry(1, { details: { nested: { PASSWORD: 'x' } } }))).rejects.toThrow(/looks like a secret/);
    });
    expect(await count(db)).toBe(0);
    expect(await auditHead(db)).toEqual({ seq: 0, hash: GENESIS_HASH });
  });

  it('refuses to append outside a transaction, where the entry could not commit with its change', async () => {
    const db = await database();
    await expect(appendAudit(db, entry(1))).rejects.toThrow(/needs the transaction/);
    expect(await count(db)).toBe(0);
  });

  it('exports entries that verify offline, details included as they were hashed, and any tampering shows', async () => {
    const db = await database();
    const details = { zeta: 'ñandú «»', alpha: { list: [3, 1.5, -0, 1e21, null, true], nested: { b: 'x', a: 'y' } }, '10': 'numeric key', skipped: undefined };
    await append(db, entry(1, { details, sourceAddress: '2001:db8::1' }));
    await append(db, entry(2, { actor: { system: 'files.saga-sweeper' }, outcome: 'failed', fileCode: null, organism: null }));
    await checkpointAudit(db, new Date(T0 + 10));
    await append(db, entry(3, { action: 'access.refused', outcome: 'refused' }));

    const text = await exportAudit(db);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[3]!)).toEqual({ checkpoint: { seq: 2, hash: (await readAudit(db))[1]!.hash, at: new Date(T0 + 10).toISOString() } });
    expect(JSON.parse(lines[0]!)).toMatchObject({
      seq: 1,
      file_code: 'EXP-1',
      source_address: '2001:db8::1',
      details: { zeta: 'ñandú «»', 10: 'numeric key' },
    });
    expect(verifyAuditExport(text)).toMatchObject({ ok: true, entries: 3, checkpoints: 1 });

    const tampered = text.replace('"outcome":"failed"', '"outcome":"success"');
    expect(tampered).not.toBe(text);
    expect(verifyAuditExport(tampered)).toMatchObject({ ok: false, line: 2, seq: 2, problem: expect.stringMatching(/altered/) });
  });

  it("exports an expediente's whole stretch of the chain, so it verifies, and reads only its entries for display", async () => {
    const db = await database();
    for (const code of ['EXP-A', 'EXP-B', 'EXP-A', 'EXP-C', 'EXP-A', 'EXP-B']) await append(db, entry(0, { fileCode: code }));
    const exported = (await exportAudit(db, { fileCode: 'EXP-A' })).trimEnd().split('\n');
    expect(exported.map((line) => (JSON.parse(line) as { seq: number }).seq)).toEqual([1, 2, 3, 4, 5]);
    expect(verifyAuditExport(exported.join('\n'))).toMatchObject({ ok: true, entries: 5, firstSeq: 1 });
    expect((await exportAudit(db, { fileCode: 'EXP-B', fromSeq: 3 })).trimEnd().split('\n')).toHaveLength(1);
    expect((await readAudit(db, { fileCode: 'EXP-A' })).map((r) => r.seq)).toEqual([1, 3, 5]);
    expect(await exportAudit(db, { fileCode: 'EXP-none' })).toBe('');
    await expect(exportAudit(db, { fromSeq: 0 })).rejects.toThrow(/fromSeq must be a whole number from 1/);
  });

  it('exports a log longer than one page whole and in order', async () => {
    const db = await database();
    await db.transaction().execute(async (trx) => {
      for (let n = 1; n <= 1_005; n++) await appendAudit(trx, entry(n), new Date(T0 + n));
    });
    const text = await exportAudit(db);
    expect(verifyAuditExport(text)).toMatchObject({ ok: true, entries: 1_005 });
  });

  it('records the head as a checkpoint once per head, and nothing on an empty log', async () => {
    const db = await database();
    expect(await checkpointAudit(db)).toBeNull();
    const first = await append(db, entry(1));
    const taken = await checkpointAudit(db, new Date(T0 + 5));
    expect(taken).toEqual({ seq: 1, hash: first.hash, at: new Date(T0 + 5) });
    expect(await checkpointAudit(db, new Date(T0 + 6))).toEqual(taken);
    expect((await sql<{ n: number }>`select count(*)::int as n from audit_checkpoints`.execute(db)).rows[0]!.n).toBe(1);
  });

  it('refuses to change or delete an entry in the table itself', async () => {
    const db = await database();
    await append(db, entry(1));
    await expect(sql`update audit_log set outcome = 'failed'`.execute(db)).rejects.toThrow(/UPDATE on audit_log is not allowed/);
    await expect(sql`delete from audit_log`.execute(db)).rejects.toThrow(/DELETE on audit_log is not allowed/);
    await expect(sql`truncate audit_log cascade`.execute(db)).rejects.toThrow(/TRUNCATE on audit_log is not allowed/);
    expect(await count(db)).toBe(1);
  });
});
