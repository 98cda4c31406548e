import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Database } from '@tramita/platform';
import { PostgresProcedureRepository } from './procedure-repository.postgres.ts';
import type { BpmDatabase } from './schema.ts';

const migrations = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * Migration 0007 moves every published version into procedure_versions (codes unique per
 * catalogue, ADR 0013): the versions, phases, transitions with their units and organisms that
 * existed before it are all there after it, and processes keep naming their definition.
 */
describe('migration 0007: procedure versions per catalogue', () => {
  let database: Database<BpmDatabase>;
  let before: string;

  beforeAll(async () => {
    before = await mkdtemp(join(tmpdir(), 'bpm-migrations-'));
    await cp(migrations, before, { recursive: true, filter: (source) => !/000[7-9]_|00[1-9]\d_/.test(source) });
    database = await openDatabase<BpmDatabase>({ kind: 'memory' });
    await migrate(database.db, [{ name: 'bpm', directory: before }]);
    await sql`insert into procedures (code, version, name, organism) values ('LICENCIA', 1, 'Licencias', 'L01280796')`.execute(database.db);
    await sql`insert into procedure_phases values
      ('LICENCIA', 1, 'SOLICITUD', 'Solicitud', 1, true, false),
      ('LICENCIA', 1, 'RESUELTO', 'Resuelto', 2, false, true)`.execute(database.db);
    await sql`insert into procedure_transitions values ('LICENCIA', 1, 'SOLICITUD', 'RESUELTO', 'tecnico', 'L01280796-URB')`.execute(database.db);
    await sql`insert into processes (process_id, file_code, organism, procedure_code, procedure_version, phase_code, finished, started_at, updated_at, version)
      values ('p-1', 'EXP-1', 'L01280796', 'LICENCIA', 1, 'SOLICITUD', false, now(), now(), 1)`.execute(database.db);
    expect(await migrate(database.db, [{ name: 'bpm', directory: migrations }])).toContain('bpm/0007_procedure_versions.sql');
  });

  afterAll(async () => {
    await database?.close();
    await rm(before, { recursive: true, force: true });
  });

  it('keeps every earlier version, the seeded shared one and an organism one with a unit transition', async () => {
    const procedures = new PostgresProcedureRepository(database.db);
    expect(await procedures.cataloguesOf('LICENCIA')).toEqual(['L01280796']);
    expect(await procedures.cataloguesOf('EXPEDIENTE')).toEqual([null]);
    expect((await procedures.find('LICENCIA', 'L01280796', 1))?.toData()).toEqual({
      code: 'LICENCIA',
      version: 1,
      name: 'Licencias',
      phases: [
        { code: 'SOLICITUD', name: 'Solicitud', ordering: 1, initial: true, terminal: false },
        { code: 'RESUELTO', name: 'Resuelto', ordering: 2, initial: false, terminal: true },
      ],
      transitions: [{ from: 'SOLICITUD', to: 'RESUELTO', role: 'tecnico', unit: 'L01280796-URB' }],
    });
    const shared = await procedures.find('EXPEDIENTE', null);
    expect(shared?.transitions).toHaveLength(6);
    expect(shared?.initialPhase.code).toBe('INICIAL');
  });

  it('lets another organism publish the same code once the old global key is gone', async () => {
    const procedures = new PostgresProcedureRepository(database.db);
    const licencia = await procedures.find('LICENCIA', 'L01280796');
    expect(await procedures.add(licencia!, 'A01002820')).toBe(true);
    expect(await procedures.add(licencia!, 'A01002820')).toBe(false);
    expect(await procedures.cataloguesOf('LICENCIA')).toEqual(['A01002820', 'L01280796']);
    const process = await sql<{ procedure_code: string }>`select procedure_code from processes where process_id = 'p-1'`.execute(database.db);
    expect(process.rows).toEqual([{ procedure_code: 'LICENCIA' }]);
  });
});
