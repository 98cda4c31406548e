import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Database } from '@tramita/platform';
import type { TaskState } from '../../domain/task.ts';
import { PostgresTaskRepository } from './task-repository.postgres.ts';
import type { BpmDatabase } from './schema.ts';

const A = 'L01280796';
const B = 'A01002820';
const created = new Date('2026-12-01T09:00:00Z');

function task(id: string, changes: Partial<TaskState>): TaskState {
  return {
    taskId: `p-${id}.task-1`,
    instanceId: 'i-1',
    processId: 'p-1',
    organism: A,
    fileCode: 'EXP-1',
    procedureCode: 'LICENCIA',
    nodeId: 'REVISION',
    name: `Tarea ${id}`,
    assignee: null,
    candidateUsers: [],
    candidateGroups: ['tecnico'],
    dueAt: null,
    priority: null,
    formKey: null,
    state: 'open',
    createdAt: created,
    endedAt: null,
    endedBy: null,
    version: 1,
    ...changes,
  };
}

/** The inbox query on the real SQL engine (PGlite): organisms, candidates, assignees, filters and order in the query. */
describe('work items in PostgreSQL', () => {
  let database: Database<BpmDatabase>;
  let tasks: PostgresTaskRepository;

  beforeAll(async () => {
    database = await openDatabase<BpmDatabase>({ kind: 'memory' });
    await migrate(database.db, [{ name: 'bpm', directory: fileURLToPath(new URL('./migrations', import.meta.url)) }]);
    for (const [processId, organism] of [
      ['p-1', A],
      ['p-2', B],
    ] as const) {
      await sql`insert into processes (process_id, file_code, organism, procedure_code, procedure_version, phase_code, finished, started_at, updated_at, version)
        values (${processId}, 'EXP-1', ${organism}, 'LICENCIA', 1, 'REVISION', false, now(), now(), 1)`.execute(database.db);
      await sql`insert into engine_instances (instance_id, process_id, procedure_catalogue, procedure_code, procedure_version, state, version, updated_at)
        values (${`i-${processId}`}, ${processId}, '', 'LICENCIA', 1, '{}'::jsonb, 1, now())`.execute(database.db);
    }
    tasks = new PostgresTaskRepository(database.db);
    const inA = { instanceId: 'i-p-1', processId: 'p-1' };
    await tasks.insert(task('a-group', { ...inA, dueAt: new Date('2026-12-10T00:00:00Z'), priority: 50 }));
    await tasks.insert(task('a-user', { ...inA, candidateGroups: [], candidateUsers: ['ana'], dueAt: new Date('2026-12-05T00:00:00Z') }));
    await tasks.insert(task('a-mine', { ...inA, assignee: 'ana', procedureCode: 'OTRO', priority: 90 }));
    await tasks.insert(task('a-other', { ...inA, assignee: 'tomas' }));
    await tasks.insert(task('a-closed', { ...inA, state: 'completed' }));
    await tasks.insert(task('b-group', { instanceId: 'i-p-2', processId: 'p-2', organism: B, dueAt: new Date('2026-12-02T00:00:00Z') }));
  });

  afterAll(async () => {
    await database?.close();
  });

  const ana = (roles: string[], organisms = [A]) => ({ username: 'ana', organisms: organisms.map((organism) => ({ organism, roles })) });
  const names = (result: { items: TaskState[] }) => result.items.map((t) => t.name);
  const page = { limit: 50, offset: 0 };

  it("reads only the caller's organisms: what is theirs, and what their groups or their name may claim", async () => {
    expect(names(await tasks.inbox(ana(['tecnico']), page))).toEqual(['Tarea a-user', 'Tarea a-group', 'Tarea a-mine']);
    expect(names(await tasks.inbox(ana(['consulta']), page))).toEqual(['Tarea a-user', 'Tarea a-mine']);
    // The same role in organism B does not reach A's tasks, nor A's role B's.
    expect(names(await tasks.inbox({ username: 'ana', organisms: [{ organism: B, roles: ['tecnico'] }] }, page))).toEqual(['Tarea b-group']);
    expect(await tasks.inbox({ username: 'ana', organisms: [] }, page)).toEqual({ items: [], total: 0 });
  });

  it('filters by scope, procedure and expediente, sorts, and pages with the total', async () => {
    expect(names(await tasks.inbox(ana(['tecnico']), { ...page, scope: 'mine' }))).toEqual(['Tarea a-mine']);
    expect(names(await tasks.inbox(ana(['tecnico']), { ...page, scope: 'claimable' }))).toEqual(['Tarea a-user', 'Tarea a-group']);
    expect(names(await tasks.inbox(ana(['tecnico']), { ...page, procedureCode: 'OTRO' }))).toEqual(['Tarea a-mine']);
    expect(names(await tasks.inbox(ana(['tecnico']), { ...page, fileCode: 'EXP-2' }))).toEqual([]);
    expect(names(await tasks.inbox(ana(['tecnico']), { ...page, sort: 'priority' }))).toEqual(['Tarea a-mine', 'Tarea a-group', 'Tarea a-user']);
    expect(names(await tasks.inbox(ana(['tecnico']), { ...page, sort: '-due' }))).toEqual(['Tarea a-group', 'Tarea a-user', 'Tarea a-mine']);
    const second = await tasks.inbox(ana(['tecnico']), { limit: 1, offset: 1 });
    expect([names(second), second.total]).toEqual([['Tarea a-group'], 3]);
  });

  it('saves a change only against the version it was read at', async () => {
    const found = await tasks.find('p-a-group.task-1');
    found!.claim({ username: 'ana', roles: ['tecnico'] });
    expect(await tasks.update(found!, 1)).toBe(true);
    expect(await tasks.update(found!, 1)).toBe(false);
    expect((await tasks.find('p-a-group.task-1'))?.state()).toMatchObject({ assignee: 'ana', version: 2 });
    expect((await tasks.ofProcess('p-1')).length).toBe(5);
  });
});
