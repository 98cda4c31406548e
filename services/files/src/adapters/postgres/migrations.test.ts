import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagingMigrations } from '@tramita/messaging';
import { migrate, openDatabase, type Database } from '@tramita/platform';
import { Expediente } from '../../domain/expediente.ts';
import { PostgresFileRepository } from './file-repository.postgres.ts';

const migrations = fileURLToPath(new URL('./migrations', import.meta.url));
const TOKEN = 'eyJhbGciOiJFUzI1NiIsInR5cCI6ImF0K2p3dCJ9.eyJzdWIiOiJhZ2F0In0.c2ln';

/** Inserts a row as the code before 0003 did: whole principals in created_by / updated_by. */
async function insertOldRow(db: Kysely<unknown>, code: string, updatedBy: Record<string, unknown>) {
  await sql`insert into expedientes (code, process_id, initial_option_code, initial_option_name, status, created_at, created_by,
      updated_at, updated_by, version, saga_id)
    values (${code}, ${`p-${code}`}, 'SEDE', 'Sede electrónica', 'active', now(), ${JSON.stringify({ username: 'agat', displayName: 'Gat Alba, Antonio' })}::jsonb,
      now(), ${JSON.stringify(updatedBy)}::jsonb, 2, '0190a000-0000-7000-8000-00000000000a')`.execute(db);
}

describe('files migrations on data written before them', () => {
  let database: Database<unknown>;
  let db: Kysely<unknown>;
  let oldMigrations: string;
  beforeAll(async () => {
    oldMigrations = await mkdtemp(join(tmpdir(), 'files-migrations-'));
    for (const file of (await readdir(migrations)).filter((name) => name < '0003')) await cp(join(migrations, file), join(oldMigrations, file));
    database = await openDatabase<unknown>({ kind: 'memory' });
    db = database.db;
    await migrate(database.db, [messagingMigrations, { name: 'files', directory: oldMigrations }]);
    await insertOldRow(db, 'EXP-RB-1', { username: 'agat', displayName: 'Gat Alba, Antonio', token: TOKEN, roles: ['tramitador'], subject: 'agat' });
    await insertOldRow(db, 'exp-rb-1', { username: 'agat', displayName: 'Gat Alba, Antonio' });
    await insertOldRow(db, 'OTHER-1', { username: 'ana', displayName: 'Pérez, Ana', token: TOKEN });
    await migrate(database.db, [messagingMigrations, { name: 'files', directory: migrations }]);
  });
  afterAll(async () => {
    await database.close();
    await rm(oldMigrations, { recursive: true, force: true });
  });

  it('gives the expedientes written before organisms to the default organism at start, once (ADR 0013)', async () => {
    const before = await sql<{ organism: string | null }>`select organism from expedientes`.execute(db);
    expect(before.rows.every((row) => row.organism === null)).toBe(true);
    const repo = new PostgresFileRepository(db);
    expect(await repo.adoptUnowned('L01280796')).toBe(before.rows.length);
    expect(await repo.adoptUnowned('A01002820')).toBe(0);
    expect((await repo.findByCode('OTHER-1', 'L01280796'))?.organism).toBe('L01280796');
  });

  it('removes every stored access token, keeping who acted', async () => {
    const rows = await sql<{
      code: string;
      updated_by: unknown;
      created_by: unknown;
    }>`select code, updated_by, created_by from expedientes order by code`.execute(db);
    expect(JSON.stringify(rows.rows)).not.toContain('eyJ');
    expect(rows.rows.find((row) => row.code === 'OTHER-1')?.updated_by).toEqual({ username: 'ana', displayName: 'Pérez, Ana' });
    expect(rows.rows.find((row) => row.code === 'EXP-RB-1')?.updated_by).toEqual({ username: 'agat', displayName: 'Gat Alba, Antonio' });
  });

  it('keeps codes that already differed only in case, each reachable by its own spelling', async () => {
    const repo = new PostgresFileRepository(db);
    expect((await repo.findByCode('EXP-RB-1', 'L01280796'))?.code).toBe('EXP-RB-1');
    expect((await repo.findByCode('exp-rb-1', 'L01280796'))?.code).toBe('exp-rb-1');
    expect(await repo.isCodeTaken('Exp-Rb-1', 'L01280796')).toBe(true);
  });

  it('refuses, from now on, a code that differs from another only in case', async () => {
    const repo = new PostgresFileRepository(db);
    const reservation = (code: string) =>
      Expediente.reserve({
        code,
        organism: 'L01280796',
        processId: `p-new-${code}`,
        initialOption: { code: 'SEDE', name: 'Sede electrónica' },
        description: '',
        documentIds: ['d-1'],
        sagaId: '0190a000-0000-7000-8000-00000000000b',
        by: { username: 'agat', displayName: 'Gat Alba, Antonio' },
        at: new Date(),
      });
    expect(await repo.isCodeTaken('other-1', 'L01280796')).toBe(true);
    expect(await repo.reserve(reservation('other-1'))).toBe(false);
    expect(await repo.reserve(reservation('NEW-1'))).toBe(true);
    expect(await repo.reserve(reservation('new-1'))).toBe(false);
    expect(await repo.isCodeTaken('nEw-1', 'L01280796')).toBe(true);
    expect(await repo.isCodeTaken('NEW-2', 'L01280796')).toBe(false);
  });
});
