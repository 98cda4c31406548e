import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allInOneDatabase, openDatabase, type Database } from './database.ts';
import { migrate } from './migrations.ts';

describe('one embedded database shared by the services of a process, a schema each', () => {
  let dataDir: string;
  const open: Database<unknown>[] = [];
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tramita-shared-pglite-'));
  });
  afterEach(async () => {
    for (const database of open.splice(0)) await database.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  const openFor = async (service: string) => {
    const database = await openDatabase<unknown>(allInOneDatabase(dataDir, service));
    open.push(database);
    return database;
  };

  it('keeps tables of the same name apart: each service reads and writes only its own schema', async () => {
    const files = await openFor('files');
    const index = await openFor('index');
    for (const database of [files, index]) await sql`create table outbox (id text primary key)`.execute(database.db);
    await sql`insert into outbox values ('of-files')`.execute(files.db);
    await sql`insert into outbox values ('of-index')`.execute(index.db);
    expect((await sql<{ id: string }>`select id from outbox`.execute(files.db)).rows).toEqual([{ id: 'of-files' }]);
    expect((await sql<{ id: string }>`select id from outbox`.execute(index.db)).rows).toEqual([{ id: 'of-index' }]);
    const schemas = await sql<{ schema: string }>`select table_schema as schema from information_schema.tables where table_name = 'outbox' order by 1`.execute(
      files.db,
    );
    expect(schemas.rows.map((row) => row.schema)).toEqual(['files', 'index']);
  });

  it("runs each service's migrations in its schema, recorded apart, with the extensions every schema sees", async () => {
    const files = await openFor('files');
    const index = await openFor('index');
    const directory = await mkdtemp(join(dataDir, 'migrations-'));
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(directory, '0001_words.sql'), "create table words (word text); insert into words values (unaccent('acción'));");
    expect(await migrate(files.db, [{ name: 'words', directory }])).toEqual(['words/0001_words.sql']);
    expect(await migrate(index.db, [{ name: 'words', directory }])).toEqual(['words/0001_words.sql']);
    expect(await migrate(index.db, [{ name: 'words', directory }])).toEqual([]);
    expect((await sql<{ word: string }>`select word from words`.execute(index.db)).rows).toEqual([{ word: 'accion' }]);
    expect((await sql<{ similar: boolean }>`select similarity('expediente', 'expedientes') > 0.5 as similar`.execute(files.db)).rows).toEqual([
      { similar: true },
    ]);
  });

  it("does not let another service's query into an open transaction, nor a rolled-back one change anything", async () => {
    const files = await openFor('files');
    const bpm = await openFor('bpm');
    for (const database of [files, bpm]) await sql`create table counter (n integer)`.execute(database.db);
    const order: string[] = [];
    let inside!: () => void;
    const entered = new Promise<void>((resolve) => (inside = resolve));
    const transaction = files.db
      .transaction()
      .execute(async (trx) => {
        await sql`insert into counter values (1)`.execute(trx);
        inside();
        await new Promise((resolve) => setTimeout(resolve, 50));
        order.push('files transaction');
        throw new Error('undone');
      })
      .catch((error: Error) => error.message);
    await entered;
    const read = sql<{ n: number }>`select count(*)::int as n from counter`.execute(bpm.db).then((result) => {
      order.push('bpm read');
      return result.rows[0]?.n;
    });
    expect(await transaction).toBe('undone');
    expect(await read).toBe(0);
    expect(order).toEqual(['files transaction', 'bpm read']);
    expect((await sql<{ n: number }>`select count(*)::int as n from counter`.execute(files.db)).rows[0]?.n).toBe(0);
  });

  it("stays in the caller's schema after a transaction that switched to it rolled back (which undoes the switch)", async () => {
    const files = await openFor('files');
    const bpm = await openFor('bpm');
    for (const [database, owner] of [
      [files, 'files'],
      [bpm, 'bpm'],
    ] as const) {
      await sql`create table owner (v text)`.execute(database.db);
      await sql`insert into owner values (${owner})`.execute(database.db);
    }
    await sql`select v from owner where v = ${'bpm'}`.execute(bpm.db);
    // The switch to files travels with this transaction's begin; the rollback takes it back.
    await files.db
      .transaction()
      .execute(async (trx) => {
        await sql`select 1`.execute(trx);
        throw new Error('undone');
      })
      .catch(() => undefined);
    expect((await sql<{ v: string }>`select v from owner where v <> ${'nobody'}`.execute(files.db)).rows).toEqual([{ v: 'files' }]);
    await expect(sql`select * from no_such_table`.execute(bpm.db)).rejects.toThrow(/no_such_table/);
    expect((await sql<{ v: string }>`select v from owner where v <> ${'nobody'}`.execute(files.db)).rows).toEqual([{ v: 'files' }]);
  });

  it('keeps the data after every service closed it, and closes the engine only when the last one leaves', async () => {
    const files = await openFor('files');
    const docs = await openFor('docs');
    await sql`create table kept (v text)`.execute(files.db);
    await sql`insert into kept values ('still here')`.execute(files.db);
    await files.close();
    open.splice(open.indexOf(files), 1);
    expect((await sql<{ n: number }>`select 1 as n`.execute(docs.db)).rows).toEqual([{ n: 1 }]);
    await docs.close();
    open.splice(open.indexOf(docs), 1);
    const again = await openFor('files');
    expect((await sql<{ v: string }>`select v from kept`.execute(again.db)).rows).toEqual([{ v: 'still here' }]);
  });

  it("keeps using a service's own database written by an earlier release, where its data is", async () => {
    const legacy = join(dataDir, 'auth', 'db');
    const own = await openDatabase<unknown>({ kind: 'pglite', dataDir: legacy });
    await sql`create table accounts (name text)`.execute(own.db);
    await sql`insert into accounts values ('admin')`.execute(own.db);
    await own.close();
    expect(allInOneDatabase(dataDir, 'auth')).toEqual({ kind: 'pglite', dataDir: legacy });
    expect(allInOneDatabase(dataDir, 'files')).toEqual({ kind: 'pglite', dataDir: join(dataDir, 'db'), schema: 'files' });
    const auth = await openFor('auth');
    expect((await sql<{ name: string }>`select name from accounts`.execute(auth.db)).rows).toEqual([{ name: 'admin' }]);
  });
});
