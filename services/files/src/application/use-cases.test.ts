import { beforeEach, describe, expect, it } from 'vitest';
import { DomainError, steppingClock } from '@tramita/kernel';
import { InMemorySagaStore, SagaEngine } from '@tramita/messaging';
import { inMemoryPorts } from '../adapters/in-memory/unit-of-work.in-memory.ts';
import { Expediente } from '../domain/expediente.ts';
import { checkCodeAvailability } from './check-code-availability.ts';
import { createFile, type CreateFileInput } from './create-file.ts';
import { editFile } from './edit-file.ts';
import { getFileRecord } from './get-file-record.ts';
import { getSagaStatus, toSagaStatusView } from './get-saga-status.ts';
import { createFileSaga, type CreateFileSagaData } from './sagas/create-file.saga.ts';
import { syncProcessPhase } from './sync-process-phase.ts';

const ORGANISM = 'L01280796';
const OTHER = 'A01002820';
/** A case worker of one organism (what files reads of a verified token). */
const agat = { username: 'agat', displayName: 'Gat Alba, Antonio', isService: false, memberships: [{ organism: ORGANISM, roles: ['tramitador'], units: [] }] };
const cause = { source: 'files', correlationId: 'req-1', causationId: null };
/** The attribution a route gives each request (ADR 0014). */
const audited = { actor: { username: 'agat', displayName: 'Gat Alba, Antonio' }, correlationId: 'req-1', sourceAddress: '192.0.2.7' };

let ports: ReturnType<typeof inMemoryPorts>;
let store: InMemorySagaStore;
let engine: SagaEngine<CreateFileSagaData, unknown>;

const input = (overrides: Partial<CreateFileInput> = {}): CreateFileInput => ({
  code: 'EXP-7',
  initialOption: 'SEDE',
  description: 'Licencia',
  documentIds: ['d-1'],
  ...overrides,
});

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof DomainError ? `${error.category}:${error.code}` : String(error);
  }
  return 'no error';
}

/** An active expediente, as if its saga had completed. */
async function seedActive(code = 'EXP-1') {
  const e = Expediente.reserve({
    code,
    organism: ORGANISM,
    processId: `process-${code}`,
    initialOption: { code: 'SEDE', name: 'Sede electrónica' },
    description: 'Original',
    documentIds: ['d-0'],
    sagaId: `saga-${code}`,
    by: { username: agat.username, displayName: agat.displayName },
    at: new Date('2026-01-01T00:00:00Z'),
  });
  e.activate({ documentIds: ['d-0'], phase: { code: 'INICIAL', name: 'Inicial' } });
  await ports.files.reserve(e);
  await ports.files.save(e);
  return e;
}

beforeEach(() => {
  ports = inMemoryPorts(steppingClock(new Date('2026-03-01T10:00:00Z')));
  store = new InMemorySagaStore();
  engine = new SagaEngine(createFileSaga({ filesIn: ports.filesIn, timeoutMs: 60_000 }), store);
});

describe('create file', () => {
  it('starts the saga with the option and a fresh process id, reserving the code', async () => {
    const started = await createFile(ports, engine, input(), agat, cause, audited);
    expect(started.fileCode).toBe('EXP-7');
    const saga = await engine.find(started.sagaId);
    expect(saga).toMatchObject({
      status: 'running',
      subject: 'EXP-7',
      data: {
        initialOption: { code: 'SEDE', name: 'Sede electrónica' },
        requestedBy: { username: agat.username, displayName: agat.displayName },
        organism: ORGANISM,
      },
    });
    expect(saga?.data.processId).toMatch(/^[0-9a-f-]{36}$/);
    expect(ports.unitOfWork.sent.map((m) => m.type)).toEqual(['CreateProcess']);
    expect(ports.files.rowOf('EXP-7')?.status).toBe('creating');
  });

  it('refuses a taken code before touching anything', async () => {
    await seedActive('EXP-1');
    const before = structuredClone(ports.files.rowOf('EXP-1'));
    expect(await failure(createFile(ports, engine, input({ code: 'EXP-1' }), agat, cause, audited))).toBe('conflict:file-code-taken');
    expect(ports.files.rowOf('EXP-1')).toEqual(before);
    expect(store.states.size).toBe(0);
    expect(ports.unitOfWork.sent).toEqual([]);
  });

  it('refuses an unknown or bad request before starting a saga', async () => {
    expect(await failure(createFile(ports, engine, input({ initialOption: 'NOPE' }), agat, cause, audited))).toBe('validation:unknown-initial-option');
    expect(await failure(createFile(ports, engine, input({ code: 'bad code' }), agat, cause, audited))).toBe('validation:invalid-file-code');
    expect(store.states.size).toBe(0);
  });

  it('lets exactly one of two concurrent requests for a new code through', async () => {
    const results = await Promise.allSettled([
      createFile(ports, engine, input(), agat, cause, audited),
      createFile(ports, engine, input(), agat, cause, audited),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect((rejected?.reason as DomainError).code).toBe('file-code-taken');
    expect(store.states.size).toBe(1);
    expect(ports.unitOfWork.sent.map((m) => m.type)).toEqual(['CreateProcess']);
  });

  it('maps a reservation lost to a racing request into file-code-taken, rolling back its saga', async () => {
    await seedActive('EXP-7');
    // The pre-check misses the row (as it would if the other request committed just after it).
    const blind = { ...ports, files: { ...ports.files, isCodeTaken: async () => false } } as unknown as typeof ports;
    expect(await failure(createFile(blind, engine, input(), agat, cause, audited))).toBe('conflict:file-code-taken');
    expect(store.states.size).toBe(0);
    expect(ports.files.rowOf('EXP-7')?.status).toBe('active');
  });
});

describe('read and edit', () => {
  it('hides an expediente while it is being created', async () => {
    await createFile(ports, engine, input(), agat, cause, audited);
    expect(await failure(getFileRecord(ports, 'EXP-7', agat, audited))).toBe('not-found:file-not-found');
    expect(await checkCodeAvailability(ports.files, 'EXP-7', agat)).toEqual({ code: 'EXP-7', available: false });
    expect(await checkCodeAvailability(ports.files, 'EXP-8', agat)).toEqual({ code: 'EXP-8', available: true });
    expect(await failure(checkCodeAvailability(ports.files, '-x', agat))).toBe('validation:invalid-file-code');
  });

  it('edits description and option and publishes FileUpdated', async () => {
    await seedActive();
    const ana = { username: 'ana', displayName: 'Pérez, Ana', isService: false, memberships: agat.memberships };
    const record = await editFile(ports, 'EXP-1', { description: 'Cambiada', initialOption: 'PETICION_DTO', expectedVersion: 1 }, ana, cause, audited);
    expect(record).toMatchObject({
      description: 'Cambiada',
      initialOption: { code: 'PETICION_DTO', name: 'A petición departamento' },
      version: 2,
      updatedBy: { username: 'ana', displayName: 'Pérez, Ana' },
      createdBy: { username: agat.username, displayName: agat.displayName },
      finished: false,
      status: 'active',
    });
    expect(ports.unitOfWork.sent).toEqual([
      expect.objectContaining({ topic: 'files.events', type: 'FileUpdated', subject: 'EXP-1', data: expect.objectContaining({ version: 2 }) }),
    ]);
    expect(await getFileRecord(ports, 'EXP-1', agat, audited)).toEqual(record);
  });

  it('refuses edits that are empty, stale, unknown or of a finished expediente', async () => {
    await seedActive();
    expect(await failure(editFile(ports, 'EXP-1', { expectedVersion: 1 }, agat, cause, audited))).toBe('validation:nothing-to-change');
    expect(await failure(editFile(ports, 'EXP-1', { description: 'x', expectedVersion: 3 }, agat, cause, audited))).toBe('conflict:version-conflict');
    expect(await failure(editFile(ports, 'EXP-1', { initialOption: 'NOPE', expectedVersion: 1 }, agat, cause, audited))).toBe(
      'validation:unknown-initial-option',
    );
    expect(await failure(editFile(ports, 'NOPE', { description: 'x', expectedVersion: 1 }, agat, cause, audited))).toBe('not-found:file-not-found');
    await syncProcessPhase(ports.files, 'process-EXP-1', { phase: { code: 'FINALIZADO', name: 'Finalizado' }, finished: true, version: 4 });
    expect(await failure(editFile(ports, 'EXP-1', { description: 'x', expectedVersion: 1 }, agat, cause, audited))).toBe('illegal-state:file-finished');
    expect(ports.unitOfWork.sent).toEqual([]);
    expect(ports.files.rowOf('EXP-1')).toMatchObject({ version: 1, description: 'Original', status: 'finished' });
  });

  it('sends nothing for an edit that changes nothing', async () => {
    await seedActive();
    expect((await editFile(ports, 'EXP-1', { description: 'Original', expectedVersion: 1 }, agat, cause, audited)).version).toBe(1);
    expect(ports.unitOfWork.sent).toEqual([]);
  });
});

describe('process phase sync', () => {
  it('applies newer snapshots of a known process and ignores the rest', async () => {
    await seedActive();
    const advanced = { phase: { code: 'ANALISIS_TECNICO', name: 'Análisis técnico' }, finished: false, version: 2 };
    expect(await syncProcessPhase(ports.files, 'process-EXP-1', advanced)).toBe(true);
    expect(await syncProcessPhase(ports.files, 'process-EXP-1', { ...advanced, version: 1 })).toBe(false);
    expect(await syncProcessPhase(ports.files, 'process-unknown', advanced)).toBe(false);
    expect((await getFileRecord(ports, 'EXP-1', agat, audited)).currentPhase).toEqual(advanced.phase);
  });
});

describe('saga status', () => {
  it('reports compensating as running and unknown ids as not found', async () => {
    const { sagaId } = await createFile(ports, engine, input(), agat, cause, audited);
    const state = (await engine.find(sagaId))!;
    expect(toSagaStatusView({ ...state, status: 'compensating', reason: 'docs failed' })).toMatchObject({ status: 'running', reason: 'docs failed' });
    expect(await getSagaStatus((id) => engine.find(id), sagaId, agat, ORGANISM)).toMatchObject({ id: sagaId, status: 'running', fileCode: 'EXP-7' });
    expect(await failure(getSagaStatus((id) => engine.find(id), 'not-a-uuid', agat, ORGANISM))).toBe('not-found:saga-not-found');
    expect(await failure(getSagaStatus((id) => engine.find(id), '0190a000-0000-7000-8000-000000000000', agat, ORGANISM))).toBe('not-found:saga-not-found');
  });
});

describe('organisms (ADR 0013)', () => {
  const stranger = { username: 'eva', displayName: 'Eva', isService: false, memberships: [{ organism: OTHER, roles: ['tramitador', 'consulta'], units: [] }] };
  const reader = { username: 'rosa', displayName: 'Rosa', isService: false, memberships: [{ organism: ORGANISM, roles: ['consulta'], units: [] }] };
  const twoOrganisms = {
    username: 'luis',
    displayName: 'Luis',
    isService: false,
    memberships: [
      { organism: ORGANISM, roles: ['tramitador'], units: [] },
      { organism: OTHER, roles: ['tramitador'], units: [] },
    ],
  };

  it('creates the expediente in the only organism where the caller is a tramitador, and says so in its events', async () => {
    const started = await createFile(ports, engine, input(), agat, cause, audited);
    expect((await engine.find(started.sagaId))?.data.organism).toBe(ORGANISM);
    expect(ports.files.rowOf('EXP-7')?.organism).toBe(ORGANISM);
  });

  it('asks someone who creates in two organisms which one, and refuses one they are not a tramitador of', async () => {
    expect(await failure(createFile(ports, engine, input(), twoOrganisms, cause, audited))).toBe('validation:organism-required');
    expect(await failure(createFile(ports, engine, input({ organism: 'E04990301' }), twoOrganisms, cause, audited))).toBe('forbidden:role-required');
    expect(await failure(createFile(ports, engine, input(), reader, cause, audited))).toBe('forbidden:role-required');
    const started = await createFile(ports, engine, input({ organism: OTHER }), twoOrganisms, cause, audited);
    expect((await engine.find(started.sagaId))?.data.organism).toBe(OTHER);
  });

  it("answers another organism's expediente and saga exactly as missing ones, and changes nothing", async () => {
    await seedActive();
    const started = await createFile(ports, engine, input(), agat, cause, audited);
    const missing = await failure(getFileRecord(ports, 'EXP-404', stranger, audited));
    expect(await failure(getFileRecord(ports, 'EXP-1', stranger, audited))).toBe(missing);
    expect(await failure(editFile(ports, 'EXP-1', { description: 'x', expectedVersion: 1 }, stranger, cause, audited))).toBe(missing);
    expect(await failure(getSagaStatus((id) => engine.find(id), started.sagaId, stranger, ORGANISM))).toBe('not-found:saga-not-found');
    expect((await getFileRecord(ports, 'EXP-1', agat, audited)).description).toBe('Original');
  });

  it('records the creation, each edit (the fields, not their text) and each read in the audit trail, once each; a refusal is marked, not recorded here', async () => {
    await seedActive();
    const started = await createFile(ports, engine, input(), agat, cause, audited);
    await editFile(ports, 'EXP-1', { description: 'Cambiada', expectedVersion: 1 }, agat, cause, audited);
    await getFileRecord(ports, 'EXP-1', agat, audited);
    expect(ports.audit.entries.map((entry) => [entry.action, entry.organism, entry.fileCode, entry.details])).toEqual([
      ['file.create', ORGANISM, 'EXP-7', { sagaId: started.sagaId, initialOption: 'SEDE', documentIds: ['d-1'] }],
      ['file.edit', ORGANISM, 'EXP-1', { fields: ['description'], version: 2 }],
      ['file.read', ORGANISM, 'EXP-1', undefined],
    ]);
    expect(ports.audit.entries[0]).toMatchObject({ actor: audited.actor, sourceAddress: '192.0.2.7', correlationId: 'req-1', outcome: 'success' });
    const refused = await getFileRecord(ports, 'EXP-1', stranger, audited).then(
      () => null,
      (error: unknown) => error as DomainError,
    );
    expect(refused?.refusal).toEqual({ organism: ORGANISM, fileCode: 'EXP-1' });
    expect(ports.audit.entries).toHaveLength(3);
  });

  it('lets a reader of the organism read but not edit', async () => {
    await seedActive();
    expect((await getFileRecord(ports, 'EXP-1', reader, audited)).organism).toBe(ORGANISM);
    expect(await failure(editFile(ports, 'EXP-1', { description: 'x', expectedVersion: 1 }, reader, cause, audited))).toBe('forbidden:role-required');
  });

  it('puts sagas started before organisms in the default organism', async () => {
    const started = await createFile(ports, engine, input(), agat, cause, audited);
    const state = (await engine.find(started.sagaId))!;
    const legacy = async () => ({ ...state, data: { ...state.data, organism: undefined } });
    expect((await getSagaStatus(legacy, started.sagaId, agat, ORGANISM)).fileCode).toBe('EXP-7');
    expect(await failure(getSagaStatus(legacy, started.sagaId, agat, OTHER))).toBe('not-found:saga-not-found');
  });
});
