import { beforeEach, describe, expect, it } from 'vitest';
import { DomainError, steppingClock } from '@tramita/kernel';
import { InMemorySagaStore, SagaEngine } from '@tramita/messaging';
import { inMemoryPorts } from '../adapters/in-memory/unit-of-work.in-memory.ts';
import { Expediente } from '../domain/expediente.ts';
import { createFile } from './create-file.ts';
import { editFile } from './edit-file.ts';
import { addInitialOption, listInitialOptions } from './initial-options.ts';
import { createFileSaga, type CreateFileSagaData } from './sagas/create-file.saga.ts';

const PLATFORM = 'E00000000';
const A = 'L01280796';
const B = 'A01002820';
const person = (username: string, memberships: { organism: string; roles: string[] }[]) => ({
  username,
  displayName: username,
  isService: false,
  memberships: memberships.map((m) => ({ ...m, units: [] })),
});
const adminA = person('admin-a', [{ organism: A, roles: ['admin', 'tramitador'] }]);
const adminB = person('admin-b', [{ organism: B, roles: ['admin', 'tramitador'] }]);
const platformAdmin = person('plataforma', [{ organism: PLATFORM, roles: ['admin', 'platform-admin'] }]);
const readerA = person('lector-a', [{ organism: A, roles: ['consulta'] }]);
const service = { username: 'files-client', displayName: 'files-client', isService: true, memberships: [] };
const cause = { source: 'files', correlationId: 'req-1', causationId: null };
const audited = { actor: { username: 'admin-a', displayName: 'admin-a' }, correlationId: 'req-1', sourceAddress: null };

let ports: ReturnType<typeof inMemoryPorts>;

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof DomainError ? `${error.category}:${error.code}` : String(error);
  }
  return 'no error';
}

const add = (caller: typeof adminA, input: { code: string; name: string; organism?: string; procedureCode?: string }) =>
  addInitialOption(ports, input, caller, PLATFORM, cause, audited);

beforeEach(async () => {
  ports = inMemoryPorts(steppingClock(new Date('2026-03-01T10:00:00Z')));
  await add(adminA, { code: 'OBRAS', name: 'Obras del ayuntamiento', organism: A, procedureCode: 'LICENCIAS' });
  await add(adminB, { code: 'VENTANILLA', name: 'Ventanilla de B', organism: B });
});

describe('initial options per organism (ADR 0013, point 7)', () => {
  it("lists the shared options and the caller's organisms' own, never another organism's", async () => {
    expect(await listInitialOptions(ports.options, adminA)).toEqual([
      { code: 'PETICION_DTO', name: 'A petición departamento', organism: null },
      { code: 'OBRAS', name: 'Obras del ayuntamiento', organism: A },
      { code: 'SEDE', name: 'Sede electrónica', organism: null },
    ]);
    expect((await listInitialOptions(ports.options, adminB)).map((o) => o.code)).toEqual(['PETICION_DTO', 'SEDE', 'VENTANILLA']);
    expect((await listInitialOptions(ports.options, person('nadie', []))).map((o) => o.code)).toEqual(['PETICION_DTO', 'SEDE']);
    expect((await listInitialOptions(ports.options, service)).map((o) => o.code)).toEqual(['PETICION_DTO', 'OBRAS', 'SEDE', 'VENTANILLA']);
  });

  it("lets an organism's admin add only to its catalogue, and only a platform administrator add shared options", async () => {
    expect(await failure(add(adminA, { code: 'X1', name: 'x', organism: B }))).toBe('not-found:organism-not-found');
    expect(await failure(add(readerA, { code: 'X1', name: 'x', organism: A }))).toBe('forbidden:role-required');
    expect(await failure(add(adminA, { code: 'X1', name: 'x' }))).toBe('forbidden:role-required');
    // The admin of the platform's own organism is no platform administrator.
    expect(await failure(add(person('admin', [{ organism: PLATFORM, roles: ['admin'] }]), { code: 'X1', name: 'x' }))).toBe('forbidden:role-required');
    expect(await add(platformAdmin, { code: 'REGISTRO', name: 'Registro presencial' })).toMatchObject({ organism: null, active: true });
    expect((await listInitialOptions(ports.options, adminB)).map((o) => o.code)).toContain('REGISTRO');
    expect(ports.options.rows.map((o) => o.code)).not.toContain('X1');
  });

  it('keeps codes unique per catalogue, and no organism shadows a shared code', async () => {
    expect(await failure(add(adminA, { code: 'OBRAS', name: 'Otra' }))).toBe('forbidden:role-required');
    expect(await failure(add(adminA, { code: 'OBRAS', name: 'Otra', organism: A }))).toBe('conflict:initial-option-exists');
    expect(await failure(add(adminA, { code: 'SEDE', name: 'Sede propia', organism: A }))).toBe('conflict:initial-option-exists');
    expect(await failure(add(platformAdmin, { code: 'OBRAS', name: 'Obras comunes' }))).toBe('conflict:initial-option-exists');
    expect(await add(adminB, { code: 'OBRAS', name: 'Obras de B', organism: B })).toMatchObject({ organism: B });
  });

  it("records each addition in the audit trail with the catalogue's organism", async () => {
    await add(platformAdmin, { code: 'REGISTRO', name: 'Registro presencial' });
    await failure(add(adminA, { code: 'SEDE', name: 'Sede propia', organism: A }));
    expect(ports.audit.entries.map((e) => [e.action, e.organism, e.details])).toEqual([
      ['initial-option.create', A, { code: 'OBRAS', procedureCode: 'LICENCIAS' }],
      ['initial-option.create', B, { code: 'VENTANILLA', procedureCode: null }],
      ['initial-option.create', null, { code: 'REGISTRO', procedureCode: null }],
    ]);
  });

  it("opens an expediente with a shared option or one of its organism's, and answers another organism's as unknown", async () => {
    const engine = new SagaEngine<CreateFileSagaData, unknown>(createFileSaga({ filesIn: ports.filesIn, timeoutMs: 60_000 }), new InMemorySagaStore());
    const create = (code: string, initialOption: string) => createFile(ports, engine, { code, initialOption, documentIds: ['d-1'] }, adminA, cause, audited);
    const own = await create('EXP-1', 'OBRAS');
    expect((await engine.find(own.sagaId))?.data).toMatchObject({ initialOption: { code: 'OBRAS' }, procedureCode: 'LICENCIAS', organism: A });
    expect(await failure(create('EXP-2', 'VENTANILLA'))).toBe('validation:unknown-initial-option');
    expect(await failure(create('EXP-2', 'NOPE'))).toBe('validation:unknown-initial-option');
    await create('EXP-3', 'SEDE');
  });

  it("edits an expediente's option to a shared one or one of its organism's, never another organism's", async () => {
    const e = Expediente.reserve({
      code: 'EXP-1',
      organism: A,
      processId: 'process-1',
      initialOption: { code: 'SEDE', name: 'Sede electrónica' },
      description: '',
      documentIds: ['d-0'],
      sagaId: 'saga-1',
      by: { username: 'admin-a', displayName: 'admin-a' },
      at: new Date('2026-01-01T00:00:00Z'),
    });
    e.activate({ documentIds: ['d-0'], phase: { code: 'INICIAL', name: 'Inicial' } });
    await ports.files.reserve(e);
    await ports.files.save(e);
    expect(await failure(editFile(ports, 'EXP-1', { initialOption: 'VENTANILLA', expectedVersion: 1 }, adminA, cause, audited))).toBe(
      'validation:unknown-initial-option',
    );
    const edited = await editFile(ports, 'EXP-1', { initialOption: 'OBRAS', expectedVersion: 1 }, adminA, cause, audited);
    expect(edited.initialOption).toEqual({ code: 'OBRAS', name: 'Obras del ayuntamiento' });
  });
});
