import { afterAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { migrate, openDatabase, type Database } from '@tramita/platform';
import { messagingMigrations } from '@tramita/messaging';
import { DEFAULT_PROCEDURE } from '../../services/bpm/src/domain/default-procedure.ts';
import { indexMigrations } from '../../services/index/src/adapters/postgres/migrations.ts';
import { PostgresFileSearchRepository } from '../../services/index/src/adapters/postgres/file-search-repository.postgres.ts';
import { parseFileSearchQuery } from '../../services/index/src/application/file-search-query.ts';
import {
  BENCH_ORGANISM,
  createThroughApi,
  documentBytes,
  expedienteCode,
  generateExpediente,
  generateExpedientes,
  placeName,
  QUERY_TERMS,
  seedIndexDatabase,
  toIndexRows,
  type ExpedienteApi,
} from './expedientes.ts';

const opened: Database<unknown>[] = [];
async function indexDatabase() {
  const database = await openDatabase<unknown>({ kind: 'memory' });
  opened.push(database);
  await migrate(database.db, [messagingMigrations, indexMigrations]);
  return database.db;
}
afterAll(async () => {
  for (const database of opened) await database.close();
});

const allowed = new Set(DEFAULT_PROCEDURE.transitions.map((t) => `${t.from}>${t.to}`));

describe('expediente generator', () => {
  it('is deterministic for a seed and different across seeds', () => {
    expect(generateExpediente(42, { seed: 3 })).toEqual(generateExpediente(42, { seed: 3 }));
    expect(generateExpediente(42, { seed: 3 }).description).not.toEqual(generateExpediente(42, { seed: 4 }).description);
    expect([...generateExpedientes(3, { first: 10 })].map((e) => e.code)).toEqual([10, 11, 12].map((i) => expedienteCode(i)));
  });

  it('walks only transitions of the default procedure, in time order, and marks terminal phases finished', () => {
    for (const e of generateExpedientes(500)) {
      expect(e.history[0]!.phase.code).toBe('INICIAL');
      for (let i = 1; i < e.history.length; i += 1) {
        expect(allowed.has(`${e.history[i - 1]!.phase.code}>${e.history[i]!.phase.code}`)).toBe(true);
        expect(Date.parse(e.history[i]!.enteredAt)).toBeGreaterThan(Date.parse(e.history[i - 1]!.enteredAt));
      }
      expect(e.finished).toBe(e.history.at(-1)!.phase.code === 'FINALIZADO');
      expect(e.documents.length).toBeGreaterThanOrEqual(1);
    }
  });

  it('keeps the promised term frequencies (broad ~30 %, a place ~1/2000)', () => {
    const sample = [...generateExpedientes(20_000, { documentsPerFile: 0 })];
    const broad = sample.filter((e) => e.description.toLowerCase().includes(QUERY_TERMS.broad.q)).length / sample.length;
    expect(broad).toBeGreaterThan(0.27);
    expect(broad).toBeLessThan(0.33);
    const selective = sample.filter((e) => e.description.endsWith(` ${QUERY_TERMS.selective.q}`)).length;
    expect(selective).toBeGreaterThan(2);
    expect(selective).toBeLessThan(30);
    expect(new Set(Array.from({ length: 2000 }, (_, i) => placeName(i))).size).toBe(2000);
  });

  it('derives document bytes of the exact size with a PDF header, the same every time', () => {
    const bytes = documentBytes({ size: 100_000, seed: 5 });
    expect(bytes.length).toBe(100_000);
    expect(new TextDecoder().decode(bytes.subarray(0, 8))).toBe('%PDF-1.4');
    const digest = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    expect(digest(documentBytes({ size: 100_000, seed: 5 }))).toBe(digest(bytes));
    expect(digest(documentBytes({ size: 100_000, seed: 6 }))).not.toBe(digest(bytes));
  });

  it('seeds the index read model exactly as the index repository would store the same views', async () => {
    const seeded = await indexDatabase();
    await seedIndexDatabase(seeded, 60, { seed: 9, batchSize: 25 });
    const viaRepository = await indexDatabase();
    const repository = new PostgresFileSearchRepository(viaRepository);
    for (const e of generateExpedientes(60, { seed: 9, documentsPerFile: 0 })) {
      const { file, process } = toIndexRows(e);
      await repository.saveFileView(file);
      await repository.saveProcessView(process);
    }
    const dump = async (db: typeof seeded) => ({
      files: (
        await sql`select code, organism, process_id, initial_option_code, description, created_at, created_by_username, version, search::text as search from file_view order by code`.execute(
          db,
        )
      ).rows,
      processes: (await sql`select * from process_view order by process_id`.execute(db)).rows,
    });
    const expected = await dump(viaRepository);
    expect(expected.files).toHaveLength(60);
    expect(await dump(seeded)).toEqual(expected);

    // And the service's own search finds the broad term in the seeded set.
    const found = await new PostgresFileSearchRepository(seeded).search({
      ...parseFileSearchQuery({ q: QUERY_TERMS.broad.q, size: '5' }, 'UTC'),
      organisms: [BENCH_ORGANISM],
    });
    const expectedBroad = [...generateExpedientes(60, { seed: 9, documentsPerFile: 0 })].filter((e) => /licencia/i.test(e.description)).length;
    expect(found.total).toBe(expectedBroad);
  }, 180_000); // two embedded databases; slow on a shared 2-core machine

  it('creates through the API: documents first, then the saga, then each transition of the history', async () => {
    const calls: string[] = [];
    const api: ExpedienteApi = {
      uploadDocument: async (name, bytes) => (calls.push(`upload ${name} ${bytes.length}`), `doc-${calls.length}`),
      createExpediente: async (body) => (calls.push(`create ${body.code} ${body.documents.join(',')}`), { status: 'completed' }),
      transition: async (code, to) => void calls.push(`move ${code} ${to}`),
    };
    const e = [...generateExpedientes(50, { documentSize: 1000, documentsPerFile: 2 })].find((x) => x.history.length >= 3 && x.documents.length === 2)!;
    await createThroughApi(api, e);
    expect(calls).toEqual([
      `upload ${e.documents[0]!.name} 1000`,
      `upload ${e.documents[1]!.name} 1000`,
      `create ${e.code} doc-1,doc-2`,
      ...e.history.slice(1).map((h) => `move ${e.code} ${h.phase.code}`),
    ]);
    await expect(createThroughApi({ ...api, createExpediente: async () => ({ status: 'compensated' }) }, e)).rejects.toThrow(/compensated/);
  });
});
