import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagingMigrations } from '@tramita/messaging';
import { migrate, openDatabase, type Database } from '@tramita/platform';
import type { FileKey } from '../../domain/file-key.ts';
import { FileRelation, type RelationKind } from '../../domain/file-relation.ts';
import type { FileRelationRepository } from '../../domain/file-relation-repository.ts';
import { InMemoryFileRelationRepository } from '../in-memory/file-relation-repository.in-memory.ts';
import { PostgresFileRelationRepository } from './file-relation-repository.postgres.ts';

const agat = { username: 'agat', displayName: 'Gat Alba, Antonio' };
const MADRID = 'L01280796';
const OTHER = 'A01002820';
const file = (code: string, organism = MADRID): FileKey => ({ organism, code });
let minute = 0;
const relate = (kind: RelationKind, from: FileKey, to: FileKey) =>
  FileRelation.relate({ kind, from, to, by: agat, at: new Date(Date.UTC(2026, 2, 1, 10, minute++)) });

// The same behaviour is asked of the PostgreSQL repository (on PGlite) and of its in-memory twin.
describe.each([
  { name: 'PostgresFileRelationRepository (PGlite)', postgres: true },
  { name: 'InMemoryFileRelationRepository', postgres: false },
])('$name', ({ postgres }) => {
  let database: Database<unknown> | undefined;
  let repo: FileRelationRepository;
  beforeAll(async () => {
    if (!postgres) {
      repo = new InMemoryFileRelationRepository();
      return;
    }
    database = await openDatabase<unknown>({ kind: 'memory' });
    await migrate(database.db, [messagingMigrations, { name: 'files', directory: fileURLToPath(new URL('./migrations', import.meta.url)) }]);
    repo = new PostgresFileRelationRepository(database.db);
  });
  afterAll(async () => database?.close());

  it('stores a relation once: the reverse of a symmetric kind is the same one, of a directed kind another', async () => {
    const relation = relate('acumulado', file('A'), file('B'));
    expect(await repo.insert(relation)).toBe(true);
    expect((await repo.findById(relation.id))?.state).toEqual(relation.state);
    expect(await repo.insert(relate('acumulado', file('B'), file('A')))).toBe(false);
    expect(await repo.insert(relate('antecedente', file('A'), file('B')))).toBe(true);
    expect(await repo.insert(relate('antecedente', file('B'), file('A')))).toBe(true);
    expect(await repo.countOf(file('A'))).toBe(3);
    expect(await repo.countOf(file('B'))).toBe(3);
    await repo.remove(relation.id);
    expect(await repo.findById(relation.id)).toBeNull();
    expect(await repo.countOf(file('A'))).toBe(2);
  });

  it('lists both directions, only those whose other end is in the organisms asked for', async () => {
    const outgoing = relate('recurso', file('L-1'), file('L-2'));
    const incoming = relate('relacionado', file('L-3'), file('L-1'));
    const foreign = relate('relacionado', file('L-1', OTHER), file('L-1'));
    for (const relation of [outgoing, incoming, foreign]) await repo.insert(relation);
    expect((await repo.listOf(file('L-1'), [MADRID])).map((r) => r.id)).toEqual([outgoing.id, incoming.id]);
    expect((await repo.listOf(file('L-1'), null)).map((r) => r.id)).toEqual([outgoing.id, incoming.id, foreign.id]);
    expect((await repo.listOf(file('L-1'), [OTHER])).map((r) => r.id)).toEqual([foreign.id]);
    expect((await repo.listOf(file('L-1', OTHER), [MADRID])).map((r) => r.id)).toEqual([foreign.id]);
    expect(await repo.listOf(file('L-1'), [])).toEqual([]);
  });
});
