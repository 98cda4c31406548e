import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagingMigrations } from '@tramita/messaging';
import { migrate, openDatabase, type Database } from '@tramita/platform';
import { Expediente } from '../../domain/expediente.ts';
import type { InitialOption } from '../../domain/initial-option.ts';
import { PostgresFileRepository } from './file-repository.postgres.ts';
import { PostgresInitialOptionRepository } from './initial-option-repository.postgres.ts';

const agat = { username: 'agat', displayName: 'Gat Alba, Antonio' };
const reservation = (code: string, sagaId: string, processId = `p-${code}-${sagaId.slice(-4)}`) =>
  Expediente.reserve({
    code,
    organism: 'L01280796',
    processId,
    initialOption: { code: 'SEDE', name: 'Sede electrónica' },
    description: 'Descripción',
    documentIds: ['d-1', 'd-2'],
    sagaId,
    by: agat,
    at: new Date('2026-03-01T10:00:00.000Z'),
  });
const sagaA = '0190a000-0000-7000-8000-00000000000a';
const sagaB = '0190a000-0000-7000-8000-00000000000b';

describe('PostgresFileRepository (PGlite)', () => {
  let database: Database<unknown>;
  let repo: PostgresFileRepository;
  beforeAll(async () => {
    database = await openDatabase<unknown>({ kind: 'memory' });
    await migrate(database.db, [messagingMigrations, { name: 'files', directory: fileURLToPath(new URL('./migrations', import.meta.url)) }]);
    repo = new PostgresFileRepository(database.db);
  });
  afterAll(async () => database.close());

  it('round-trips an expediente and refuses a second reservation of its code', async () => {
    const e = reservation('R-1', sagaA);
    expect(await repo.reserve(e)).toBe(true);
    expect((await repo.findByCode('R-1', 'L01280796'))?.state).toEqual(e.state);
    expect(await repo.reserve(reservation('R-1', sagaB))).toBe(false);
    expect((await repo.findByCode('R-1', 'L01280796'))?.state.sagaId).toBe(sagaA);
    expect((await repo.findByProcessId(e.state.processId))?.code).toBe('R-1');
    expect(await repo.findByProcessId('none')).toBeNull();
  });

  it('deletes only a reservation of the same saga that is still being created', async () => {
    const e = reservation('R-2', sagaA);
    await repo.reserve(e);
    expect(await repo.deleteReservation('R-2', sagaB)).toBe(false);
    e.activate({ documentIds: ['d-1', 'd-2'], phase: { code: 'INICIAL', name: 'Inicial' } });
    await repo.save(e);
    expect(await repo.deleteReservation('R-2', sagaA)).toBe(false);
    expect((await repo.findByCode('R-2', 'L01280796'))?.state).toMatchObject({ status: 'active', version: 1, currentPhase: { code: 'INICIAL' } });
    await repo.reserve(reservation('R-3', sagaB));
    expect(await repo.deleteReservation('R-3', sagaB)).toBe(true);
    expect(await repo.findByCode('R-3', 'L01280796')).toBeNull();
  });

  it('locks rows it reads inside a transaction', async () => {
    await repo.reserve(reservation('R-4', sagaA));
    const found = await database.db.transaction().execute(async (trx) => new PostgresFileRepository(trx, { lock: true }).findByCode('R-4', 'L01280796'));
    expect(found?.code).toBe('R-4');
  });

  it('seeds the two original initial options as shared and adds new ones once per catalogue', async () => {
    const options = new PostgresInitialOptionRepository(database.db);
    const add = (option: Omit<InitialOption, 'active'>) =>
      database.db.transaction().execute((trx) => new PostgresInitialOptionRepository(trx).add({ ...option, active: true }));
    expect((await options.listActive([])).map((o) => o.code)).toEqual(['PETICION_DTO', 'SEDE']);
    expect(await options.findActive('SEDE', 'L01280796')).toEqual({
      code: 'SEDE',
      name: 'Sede electrónica',
      procedureCode: null,
      active: true,
      organism: null,
    });
    expect(await add({ code: 'OBRAS', name: 'Obras', procedureCode: 'LIC', organism: 'L01280796' })).toBe(true);
    expect(await add({ code: 'OBRAS', name: 'Otra', procedureCode: null, organism: 'L01280796' })).toBe(false);
    // Another organism may have its own OBRAS; nobody may shadow a shared code, nor share a code an organism uses.
    expect(await add({ code: 'OBRAS', name: 'Obras de otro', procedureCode: null, organism: 'A01002820' })).toBe(true);
    expect(await add({ code: 'SEDE', name: 'Sede propia', procedureCode: null, organism: 'L01280796' })).toBe(false);
    expect(await add({ code: 'OBRAS', name: 'Obras comunes', procedureCode: null, organism: null })).toBe(false);
    expect((await options.listActive(['L01280796'])).map((o) => `${o.code}:${o.organism}`)).toEqual(['PETICION_DTO:null', 'OBRAS:L01280796', 'SEDE:null']);
    expect((await options.listActive('all')).filter((o) => o.code === 'OBRAS').map((o) => o.name)).toEqual(['Obras', 'Obras de otro']);
    expect(await options.findActive('OBRAS', 'A01002820')).toMatchObject({ name: 'Obras de otro', procedureCode: null });
    expect(await options.findActive('OBRAS', 'E00000000')).toBeNull();
    expect(await options.findActive('NOPE', 'L01280796')).toBeNull();
  });
});
