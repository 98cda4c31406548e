import { beforeEach, describe, expect, it } from 'vitest';
import { DomainError, steppingClock } from '@tramita/kernel';
import { InMemorySagaStore, SagaEngine } from '@tramita/messaging';
import { inMemoryPorts } from '../adapters/in-memory/unit-of-work.in-memory.ts';
import { Expediente } from '../domain/expediente.ts';
import { createFile } from './create-file.ts';
import { editFile } from './edit-file.ts';
import { addInitialOption, listInitialOptions } from './initial-options.ts';
import type { ProcedureCatalogue, ProcedureUsability } from './procedure-catalogue.ts';
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

/** Stands in for bpm's catalogue: the procedures it runs (organism null: shared), every question it was asked, or down. */
class StandInCatalogue implements ProcedureCatalogue {
  asked: [code: string, organism: string | null][] = [];
  down = false;
  readonly procedures: { code: string; organism: string | null }[];
  constructor(procedures: { code: string; organism: string | null }[]) {
    this.procedures = procedures;
  }
  async usability(code: string, organism: string | null): Promise<ProcedureUsability> {
    this.asked.push([code, organism]);
    if (this.down) return { kind: 'unavailable', reason: 'the bpm service answered 500' };
    const usable = this.procedures.some((p) => p.code === code && (p.organism === null || p.organism === organism));
    return { kind: usable ? 'usable' : 'unusable' };
  }
}
let procedures: StandInCatalogue;

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof DomainError ? `${error.category}:${error.code}` : String(error);
  }
  return 'no error';
}

const add = (caller: typeof adminA, input: { code: string; name: string; organism?: string; procedureCode?: string }) =>
  addInitialOption(ports, procedures, input, caller, PLATFORM, cause, audited);

beforeEach(async () => {
  ports = inMemoryPorts(steppingClock(new Date('2026-03-01T10:00:00Z')));
  procedures = new StandInCatalogue([
    { code: 'COMUN', organism: null },
    { code: 'LICENCIAS', organism: A },
    { code: 'MERCADOS', organism: B },
  ]);
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

describe("an initial option's procedure must be one bpm runs for its catalogue (issue 13, point 1)", () => {
  const stored = () => ports.options.rows.map((o) => o.code);
  const auditedCodes = () => ports.audit.entries.map((e) => (e.details as { code: string }).code);
  const problem = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (error) {
      if (error instanceof DomainError) return { code: error.code, category: error.category, message: error.message, details: error.details };
      throw error;
    }
    throw new Error('expected a refusal');
  };

  it("accepts a shared procedure or the organism's own, asking about the option's organism", async () => {
    procedures.asked = [];
    expect(await add(adminA, { code: 'COMUN_A', name: 'Común', organism: A, procedureCode: 'COMUN' })).toMatchObject({ procedureCode: 'COMUN', organism: A });
    expect(await add(adminA, { code: 'LIC_A', name: 'Licencias', organism: A, procedureCode: 'LICENCIAS' })).toMatchObject({ procedureCode: 'LICENCIAS' });
    expect(await add(platformAdmin, { code: 'COMUN_TODOS', name: 'Común a todos', procedureCode: 'COMUN' })).toMatchObject({ organism: null });
    expect(procedures.asked).toEqual([
      ['COMUN', A],
      ['LICENCIAS', A],
      ['COMUN', null],
    ]);
    expect(stored()).toEqual(expect.arrayContaining(['COMUN_A', 'LIC_A', 'COMUN_TODOS']));
  });

  it('refuses an unknown procedure with 422 unknown-procedure, storing and auditing nothing', async () => {
    const before = { rows: stored(), audit: auditedCodes() };
    expect(await problem(add(adminA, { code: 'FANTASMA', name: 'Fantasma', organism: A, procedureCode: 'NO_EXISTE' }))).toEqual({
      code: 'unknown-procedure',
      category: 'unprocessable',
      message: 'The initial option FANTASMA names procedure NO_EXISTE, which is neither shared nor of organism L01280796.',
      details: { procedureCode: 'NO_EXISTE', organism: A },
    });
    expect({ rows: stored(), audit: auditedCodes() }).toEqual(before);
  });

  it("refuses another organism's procedure exactly as an unknown one", async () => {
    const refused = await problem(add(adminA, { code: 'AJENA', name: 'Ajena', organism: A, procedureCode: 'MERCADOS' }));
    expect(refused).toMatchObject({ code: 'unknown-procedure', category: 'unprocessable', details: { procedureCode: 'MERCADOS', organism: A } });
    expect(stored()).not.toContain('AJENA');
  });

  it("refuses a shared option that names an organism's procedure", async () => {
    const refused = await problem(add(platformAdmin, { code: 'COMPARTIDA', name: 'Compartida', procedureCode: 'LICENCIAS' }));
    expect(refused).toMatchObject({ code: 'unknown-procedure', category: 'unprocessable', details: { procedureCode: 'LICENCIAS', organism: null } });
    expect(refused.message).toContain('not shared by every organism');
    expect(stored()).not.toContain('COMPARTIDA');
  });

  it('refuses with 503 procedure-catalogue-unavailable when bpm cannot be asked, storing nothing', async () => {
    procedures.down = true;
    const refused = await problem(add(adminA, { code: 'A_CIEGAS', name: 'A ciegas', organism: A, procedureCode: 'LICENCIAS' }));
    expect(refused).toMatchObject({ code: 'procedure-catalogue-unavailable', category: 'unavailable', details: { procedureCode: 'LICENCIAS' } });
    expect(refused.message).toContain('the bpm service answered 500');
    expect(stored()).not.toContain('A_CIEGAS');
    expect(auditedCodes()).not.toContain('A_CIEGAS');
  });

  it('asks nothing for the default procedure, nor for a caller refused the catalogue', async () => {
    procedures.down = true;
    procedures.asked = [];
    expect(await add(adminA, { code: 'POR_DEFECTO', name: 'Por defecto', organism: A })).toMatchObject({ procedureCode: null });
    expect(await failure(add(readerA, { code: 'LECTOR', name: 'Lector', organism: A, procedureCode: 'LICENCIAS' }))).toBe('forbidden:role-required');
    expect(procedures.asked).toEqual([]);
  });
});
