import { beforeEach, describe, expect, it } from 'vitest';
import { DomainError, steppingClock } from '@tramita/kernel';
import { inMemoryPorts } from '../adapters/in-memory/unit-of-work.in-memory.ts';
import { Expediente } from '../domain/expediente.ts';
import { FileRelation, MAX_RELATIONS } from '../domain/file-relation.ts';
import { listRelations } from './list-relations.ts';
import { relateFiles } from './relate-files.ts';
import { unrelateFiles } from './unrelate-files.ts';

const ORGANISM = 'L01280796';
const OTHER = 'A01002820';
const member = (memberships: { organism: string; roles: string[] }[]) => ({
  username: 'u',
  displayName: 'Usuario',
  isService: false,
  memberships: memberships.map((m) => ({ ...m, units: [] })),
});
const agat = member([{ organism: ORGANISM, roles: ['tramitador'] }]);
const consulta = member([{ organism: ORGANISM, roles: ['consulta'] }]);
const dual = member([
  { organism: ORGANISM, roles: ['consulta'] },
  { organism: OTHER, roles: ['tramitador'] },
]);
const service = { username: 'index', displayName: 'index', isService: true, memberships: [] };
const cause = { source: 'files', correlationId: 'req-1', causationId: null };
/** The attribution a route gives each request (ADR 0014). */
const audited = { actor: { username: 'agat', displayName: 'Gat Alba, Antonio' }, correlationId: 'req-1', sourceAddress: '192.0.2.7' };

let ports: ReturnType<typeof inMemoryPorts>;

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof DomainError ? `${error.category}:${error.code}` : String(error);
  }
  return 'no error';
}

async function seed(code: string, organism = ORGANISM) {
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
  e.activate({ documentIds: ['d-0'], phase: null });
  await ports.files.reserve(e);
}

beforeEach(async () => {
  ports = inMemoryPorts(steppingClock(new Date('2026-03-01T10:00:00Z')));
  for (const code of ['A', 'B']) await seed(code);
  await seed('X', OTHER);
});

describe('relation use cases', () => {
  it('relates two expedientes and shows the relation from both sides', async () => {
    const relation = await relateFiles(ports, 'A', { kind: 'antecedente', code: 'B' }, agat, cause, audited);
    expect(relation).toMatchObject({ direction: 'outgoing', other: { code: 'B', organism: ORGANISM } });
    expect((await listRelations(ports, 'B', consulta)).items).toEqual([{ ...relation, direction: 'incoming', other: { code: 'A', organism: ORGANISM } }]);
    expect(await failure(relateFiles(ports, 'B', { kind: 'antecedente', code: 'A' }, consulta, cause, audited))).toBe('forbidden:role-required');
  });

  it('needs tramitador where it is stated and only sight of the other expediente', async () => {
    // dual reads A's organism and works in X's: may relate from X to A, not from A to X
    expect(await failure(relateFiles(ports, 'A', { kind: 'relacionado', code: 'X' }, dual, cause, audited))).toBe('forbidden:role-required');
    const relation = await relateFiles(ports, 'X', { kind: 'relacionado', code: 'A' }, dual, cause, audited);
    expect(await failure(relateFiles(ports, 'A', { kind: 'relacionado', code: 'X' }, agat, cause, audited))).toBe('not-found:file-not-found');
    // agat does not see X: the relation is not listed for A, nor hers to remove
    expect((await listRelations(ports, 'A', agat)).items).toEqual([]);
    expect((await listRelations(ports, 'A', service)).items.map((r) => r.id)).toEqual([relation.id]);
    expect(await failure(unrelateFiles(ports, 'A', relation.id, agat, cause, audited))).toBe('not-found:relation-not-found');
    // dual removes it from A's side, where she is only consulta: she is tramitador on the other side
    await unrelateFiles(ports, 'A', relation.id, dual, cause, audited);
    expect((await listRelations(ports, 'X', dual)).items).toEqual([]);
  });

  it('refuses a relation id of another expediente', async () => {
    await seed('C');
    const relation = await relateFiles(ports, 'A', { kind: 'relacionado', code: 'B' }, agat, cause, audited);
    expect(await failure(unrelateFiles(ports, 'C', relation.id, agat, cause, audited))).toBe('not-found:relation-not-found');
    expect(await failure(unrelateFiles(ports, 'C', '0190a000-0000-7000-8000-000000000000', agat, cause, audited))).toBe('not-found:relation-not-found');
  });

  it('holds at most MAX_RELATIONS per expediente, on either side', async () => {
    for (let i = 0; i < MAX_RELATIONS; i++) {
      await ports.relations.insert(
        FileRelation.relate({
          kind: 'relacionado',
          from: { organism: ORGANISM, code: 'B' },
          to: { organism: ORGANISM, code: `F-${i}` },
          by: agat,
          at: new Date(),
        }),
      );
    }
    expect(await failure(relateFiles(ports, 'A', { kind: 'relacionado', code: 'B' }, agat, cause, audited))).toBe('conflict:too-many-relations');
    expect((await listRelations(ports, 'A', agat)).items).toEqual([]);
  });
});
