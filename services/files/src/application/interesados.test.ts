import { beforeEach, describe, expect, it } from 'vitest';
import { DomainError, steppingClock } from '@tramita/kernel';
import { inMemoryPorts } from '../adapters/in-memory/unit-of-work.in-memory.ts';
import { Expediente } from '../domain/expediente.ts';
import { MAX_INTERESADOS, type InteresadoDetails } from '../domain/interesado.ts';
import { addInteresado } from './add-interesado.ts';
import { changeInteresado } from './change-interesado.ts';
import { interesadoHistory } from './interesado-history.ts';
import { listInteresados } from './list-interesados.ts';
import { removeInteresado } from './remove-interesado.ts';
import { searchInteresados } from './search-interesados.ts';

const ORGANISM = 'L01280796';
const OTHER = 'A01002820';
const caller = (organism: string, roles: string[]) => ({
  username: `u-${organism}-${roles.join('-')}`,
  displayName: 'Usuario',
  isService: false,
  memberships: [{ organism, roles, units: [] }],
});
const agat = caller(ORGANISM, ['tramitador']);
const consulta = caller(ORGANISM, ['consulta']);
const eva = caller(OTHER, ['tramitador']);
const service = { username: 'index', displayName: 'index', isService: true, memberships: [] };
const cause = { source: 'files', correlationId: 'req-1', causationId: null };
/** The attribution a route gives each request (ADR 0014). */
const audited = { actor: { username: 'agat', displayName: 'Gat Alba, Antonio' }, correlationId: 'req-1', sourceAddress: '192.0.2.7' };
const ana: InteresadoDetails = {
  document: '12345678Z',
  name: 'Pérez Gil, Ana',
  role: 'solicitante',
  channel: 'electronic',
  email: 'ana@example.org',
  phone: null,
  address: null,
};
const nif = (n: number) => `${String(n).padStart(8, '0')}${'TRWAGMYFPDXBNJZSQVHLCKE'.charAt(n % 23)}`;

let ports: ReturnType<typeof inMemoryPorts>;

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof DomainError ? `${error.category}:${error.code}` : String(error);
  }
  return 'no error';
}

async function seed(code: string, organism = ORGANISM, status: 'creating' | 'active' = 'active') {
  const e = Expediente.reserve({
    code,
    organism,
    processId: `process-${code}`,
    initialOption: { code: 'SEDE', name: 'Sede electrónica' },
    description: '',
    documentIds: ['d-0'],
    sagaId: `saga-${code}`,
    by: agat,
    at: new Date('2026-01-01T00:00:00Z'),
  });
  if (status === 'active') e.activate({ documentIds: ['d-0'], phase: null });
  await ports.files.reserve(e);
}

beforeEach(async () => {
  ports = inMemoryPorts(steppingClock(new Date('2026-03-01T10:00:00Z')));
  await seed('EXP-1');
  await seed('EXP-2', OTHER);
});

describe('interesado use cases', () => {
  it('adds an interesado together with its history row, or neither', async () => {
    const added = await addInteresado(ports, 'EXP-1', ana, agat, cause, audited);
    expect(added).toMatchObject({ document: '12345678Z', organism: ORGANISM, version: 1, addedBy: { username: agat.username } });
    expect((await interesadoHistory(ports, 'EXP-1', consulta, audited)).items).toMatchObject([{ change: 'added', interesadoId: added.id, before: null }]);

    const appendHistory = ports.interesados.appendHistory.bind(ports.interesados);
    ports.interesados.appendHistory = () => Promise.reject(new Error('disk full'));
    expect(await failure(addInteresado(ports, 'EXP-1', { ...ana, document: nif(1) }, agat, cause, audited))).toBe('Error: disk full');
    ports.interesados.appendHistory = appendHistory;
    expect((await listInteresados(ports, 'EXP-1', consulta, audited)).items.map((i) => i.document)).toEqual(['12345678Z']);
  });

  it('answers an expediente of another organism, a missing one and one being created alike', async () => {
    await seed('EXP-NEW', ORGANISM, 'creating');
    for (const code of ['EXP-2', 'NOPE', 'EXP-NEW']) {
      expect(await failure(addInteresado(ports, code, ana, agat, cause, audited))).toBe('not-found:file-not-found');
      expect(await failure(listInteresados(ports, code, agat, audited))).toBe('not-found:file-not-found');
      expect(await failure(interesadoHistory(ports, code, agat, audited))).toBe('not-found:file-not-found');
    }
    expect(await failure(addInteresado(ports, 'EXP-1', ana, consulta, cause, audited))).toBe('forbidden:role-required');
  });

  it('keeps the history of changes and removals, and refuses stale versions', async () => {
    const { id } = await addInteresado(ports, 'EXP-1', ana, agat, cause, audited);
    expect(await failure(changeInteresado(ports, 'EXP-1', id, { ...ana, name: 'X' }, 2, agat, cause, audited))).toBe('conflict:version-conflict');
    // the same statement again changes nothing and writes no history
    expect(await changeInteresado(ports, 'EXP-1', id, ana, 1, agat, cause, audited)).toMatchObject({ version: 1 });
    expect(await changeInteresado(ports, 'EXP-1', id, { ...ana, phone: '600000000' }, 1, agat, cause, audited)).toMatchObject({
      version: 2,
      phone: '600000000',
    });
    expect(await failure(removeInteresado(ports, 'EXP-1', id, 1, agat, cause, audited))).toBe('conflict:version-conflict');
    await removeInteresado(ports, 'EXP-1', id, 2, agat, cause, audited);
    expect((await interesadoHistory(ports, 'EXP-1', agat, audited)).items.map((e) => e.change)).toEqual(['added', 'changed', 'removed']);
    expect(await failure(changeInteresado(ports, 'EXP-1', id, ana, 2, agat, cause, audited))).toBe('not-found:interesado-not-found');
  });

  it('refuses a change to a document another interesado of the expediente holds', async () => {
    await addInteresado(ports, 'EXP-1', ana, agat, cause, audited);
    const { id } = await addInteresado(ports, 'EXP-1', { ...ana, document: nif(1) }, agat, cause, audited);
    expect(await failure(changeInteresado(ports, 'EXP-1', id, ana, 1, agat, cause, audited))).toBe('conflict:interesado-duplicate');
  });

  it('holds at most MAX_INTERESADOS per expediente', async () => {
    for (let i = 0; i < MAX_INTERESADOS; i++) await addInteresado(ports, 'EXP-1', { ...ana, document: nif(i) }, agat, cause, audited);
    expect(await failure(addInteresado(ports, 'EXP-1', ana, agat, cause, audited))).toBe('conflict:too-many-interesados');
  });

  it("searches only the caller's organisms; a service token searches them all", async () => {
    await addInteresado(ports, 'EXP-1', ana, agat, cause, audited);
    await addInteresado(ports, 'EXP-2', ana, eva, cause, audited);
    expect((await searchInteresados(ports, '12.345.678-z', consulta, audited)).items.map((i) => i.fileCode)).toEqual(['EXP-1']);
    expect((await searchInteresados(ports, '12345678Z', eva, audited)).items.map((i) => i.fileCode)).toEqual(['EXP-2']);
    expect((await searchInteresados(ports, '12345678Z', service, audited)).items.map((i) => i.fileCode).sort()).toEqual(['EXP-1', 'EXP-2']);
    expect((await searchInteresados(ports, '12345678Z', { ...agat, memberships: [] }, audited)).items).toEqual([]);
    expect(await failure(searchInteresados(ports, '12345678A', agat, audited))).toBe('validation:invalid-document');
  });

  it('records each change, each read and each search of interesados in the audit trail, with the document number and nothing else of the person', async () => {
    const { id } = await addInteresado(ports, 'EXP-1', ana, agat, cause, audited);
    await changeInteresado(ports, 'EXP-1', id, { ...ana, phone: '600000000' }, 1, agat, cause, audited);
    await listInteresados(ports, 'EXP-1', consulta, audited);
    await interesadoHistory(ports, 'EXP-1', consulta, audited);
    await searchInteresados(ports, '12345678Z', consulta, audited);
    await removeInteresado(ports, 'EXP-1', id, 2, agat, cause, audited);
    expect(ports.audit.entries.map((entry) => [entry.action, entry.fileCode ?? null, entry.details])).toEqual([
      ['interesado.add', 'EXP-1', { interesadoId: id, document: '12345678Z' }],
      ['interesado.change', 'EXP-1', { interesadoId: id, document: '12345678Z', version: 2 }],
      ['interesado.read', 'EXP-1', { count: 1 }],
      ['interesado.read-history', 'EXP-1', undefined],
      ['interesado.search', null, { document: '12345678Z', found: 1 }],
      ['interesado.remove', 'EXP-1', { interesadoId: id, document: '12345678Z' }],
    ]);
    expect(JSON.stringify(ports.audit.entries)).not.toContain(ana.name);
  });
});
