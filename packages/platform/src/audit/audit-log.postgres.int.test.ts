import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../database.ts';
import { migrate } from '../migrations.ts';
import { postgresUrlBase, useFreshDatabases } from '../testing-postgres.ts';
import type { AuditEntryInput } from './audit-entry.ts';
import { appendAudit, auditHead, checkpointAudit, auditMigrations, exportAudit, readAudit } from './audit-log.ts';
import { verifyAuditExport } from './verify-audit-export.ts';

/**
 * The chain under real concurrency: transactions from two connection pools (two replicas of a
 * service sharing its database) append at once, starting from an empty log. Needs
 * TRAMITA_TEST_PG_URL_BASE (`npm run test:infra` sets it); skipped without a server.
 */
const entry = (n: number): AuditEntryInput => ({
  service: 'files',
  actor: { username: `user${n}`, displayName: `Apellido ${n}, Nombre` },
  action: 'file.create',
  fileCode: `EXP-${n}`,
  outcome: 'success',
  correlationId: `req-${n}`,
  details: { n },
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!postgresUrlBase)('the audit log on PostgreSQL', () => {
  const freshDatabase = useFreshDatabases();
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  async function replicas(): Promise<[Kysely<unknown>, Kysely<unknown>]> {
    const url = await freshDatabase('audit');
    const pools = await Promise.all([0, 1].map(() => openDatabase<unknown>({ kind: 'postgres', url, poolSize: 10 })));
    for (const pool of pools) closers.push(() => pool.close());
    await migrate(pools[0]!.db, [auditMigrations]);
    return [pools[0]!.db, pools[1]!.db];
  }

  it('keeps one contiguous, valid chain when 20 transactions from two replicas append at once on an empty log', async () => {
    const [one, two] = await replicas();
    // Each transaction does some work of its own before and after appending, as a use case would,
    // so their appends overlap; five of them then fail and roll back.
    const outcomes = await Promise.allSettled(
      Array.from({ length: 25 }, (_, n) =>
        (n % 2 ? one : two).transaction().execute(async (trx) => {
          await sql`select pg_sleep(${(n % 5) / 200})`.execute(trx);
          const record = await appendAudit(trx, entry(n));
          await pause(n % 3);
          if (n % 5 === 4) throw new Error(`transaction ${n} rolls back`);
          return record;
        }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(5);
    for (const outcome of outcomes) if (outcome.status === 'rejected') expect(String(outcome.reason)).toMatch(/rolls back/);

    const stored = await readAudit(one, { limit: 100 });
    expect(stored.map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(stored.map((r) => r.correlationId)).size).toBe(20);
    expect(stored.some((r) => (r.details.n as number) % 5 === 4)).toBe(false);
    await checkpointAudit(two);
    const verified = verifyAuditExport(await exportAudit(two));
    expect(verified).toEqual({ ok: true, entries: 20, redacted: 0, head: stored[19]!.hash, firstSeq: 1, checkpoints: 1 });
    expect(await auditHead(one)).toEqual({ seq: 20, hash: stored[19]!.hash });
  });

  it('makes a second replica wait for the first one to commit, then append after its entry', async () => {
    const [one, two] = await replicas();
    let releaseFirst!: () => void;
    const firstMayCommit = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstAppended!: () => void;
    const firstHasAppended = new Promise<void>((resolve) => (firstAppended = resolve));
    const first = one.transaction().execute(async (trx) => {
      const record = await appendAudit(trx, entry(1));
      firstAppended();
      await firstMayCommit;
      return record;
    });
    await firstHasAppended;
    let secondDone = false;
    const second = two.transaction().execute(async (trx) => {
      const record = await appendAudit(trx, entry(2));
      secondDone = true;
      return record;
    });
    await pause(200);
    expect(secondDone).toBe(false);
    releaseFirst();
    const [a, b] = await Promise.all([first, second]);
    expect([a.seq, b.seq]).toEqual([1, 2]);
    expect(b.prevHash).toBe(a.hash);
  });
});
