import { describe, expect, it } from 'vitest';
import type { AuditFact } from '@tramita/platform';
import { InMemoryPlazoRepository } from '../adapters/in-memory/plazo-repository.in-memory.ts';
import { InMemoryTaskRepository } from '../adapters/in-memory/task-repository.in-memory.ts';
import type { TaskState } from '../domain/task.ts';
import { claimTask, delegateTask, unclaimTask } from './change-task.ts';
import { listInbox } from './list-inbox.ts';
import { visibleTask } from './task-access.ts';

const A = 'L01280796';
const B = 'A01002820';
const person = (username: string, organism: string, roles: string[]) => ({ username, isService: false, memberships: [{ organism, roles, units: [] }] });
const tecnicoA = person('tomas', A, ['tecnico']);
const otroTecnicoA = person('teresa', A, ['tecnico']);
const tecnicoB = person('bruno', B, ['tecnico', 'admin']);
const adminA = person('adela', A, ['admin']);
const NOW = new Date('2026-12-04T09:00:00Z');
const audited = { actor: { username: 'tomas', displayName: 'tomas' }, correlationId: 'req-1', sourceAddress: null };

async function setup() {
  const tasks = new InMemoryTaskRepository();
  const base: TaskState = {
    taskId: 'i-1.task-1',
    instanceId: 'i-1',
    processId: 'p-1',
    organism: A,
    fileCode: 'EXP-1',
    procedureCode: 'LICENCIA',
    nodeId: 'REVISION',
    name: 'Revisión técnica',
    assignee: null,
    candidateUsers: [],
    candidateGroups: ['tecnico'],
    dueAt: null,
    priority: null,
    formKey: null,
    state: 'open',
    createdAt: new Date('2026-12-01T09:00:00Z'),
    endedAt: null,
    endedBy: null,
    version: 1,
  };
  await tasks.insert(base);
  await tasks.insert({ ...base, taskId: 'i-2.task-1', instanceId: 'i-2', processId: 'p-2', organism: B, name: 'Revisión de B' });
  const facts: AuditFact[] = [];
  const deps = { tasks, audit: { record: async (fact: AuditFact) => void facts.push(fact) } };
  return { tasks, deps, facts };
}

describe('the work inbox (ADR 0015)', () => {
  it("lists a person's claimable and own tasks in their organisms only", async () => {
    const { tasks, deps } = await setup();
    const page = { limit: 50, offset: 0 };
    const inbox = { tasks, plazos: new InMemoryPlazoRepository() };
    expect((await listInbox(inbox, tecnicoA, page, NOW)).items.map((t) => t.name)).toEqual(['Revisión técnica']);
    expect((await listInbox(inbox, tecnicoB, page, NOW)).items.map((t) => t.name)).toEqual(['Revisión de B']);
    await claimTask(deps, 'i-1.task-1', tecnicoA, audited);
    expect((await listInbox(inbox, otroTecnicoA, page, NOW)).total).toBe(0);
    expect((await listInbox(inbox, tecnicoA, { ...page, scope: 'mine' }, NOW)).items[0]).toMatchObject({ assignee: 'tomas', version: 2 });
  });

  it('claims, hands over and gives back, each recorded once in the audit trail', async () => {
    const { deps, facts } = await setup();
    expect(await claimTask(deps, 'i-1.task-1', tecnicoA, audited)).toMatchObject({ assignee: 'tomas' });
    await expect(claimTask(deps, 'i-1.task-1', otroTecnicoA, audited)).rejects.toMatchObject({ code: 'task-claimed' });
    expect(await claimTask(deps, 'i-1.task-1', tecnicoA, audited)).toMatchObject({ version: 2 });
    expect(await delegateTask(deps, 'i-1.task-1', 'teresa', tecnicoA, audited)).toMatchObject({ assignee: 'teresa' });
    await expect(unclaimTask(deps, 'i-1.task-1', tecnicoA, audited)).rejects.toMatchObject({ code: 'task-not-assigned-to-you' });
    expect(await unclaimTask(deps, 'i-1.task-1', adminA, audited)).toMatchObject({ assignee: null });
    expect(facts.map((fact) => [fact.action, fact.organism, fact.fileCode])).toEqual([
      ['task.claim', A, 'EXP-1'],
      ['task.delegate', A, 'EXP-1'],
      ['task.unclaim', A, 'EXP-1'],
    ]);
  });

  it("answers another organism's task as a missing one, marked as a refused access, and changes nothing", async () => {
    const { tasks, deps, facts } = await setup();
    for (const attempt of [
      () => claimTask(deps, 'i-1.task-1', tecnicoB, audited),
      () => delegateTask(deps, 'i-1.task-1', 'bruno', tecnicoB, audited),
      () => unclaimTask(deps, 'i-1.task-1', tecnicoB, audited),
      () => visibleTask(tasks, 'i-1.task-1', tecnicoB),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'task-not-found', refusal: { organism: A, fileCode: 'EXP-1' } });
    }
    await expect(visibleTask(tasks, 'nope', tecnicoA)).rejects.toMatchObject({ code: 'task-not-found', refusal: undefined });
    expect((await tasks.find('i-1.task-1'))?.state()).toMatchObject({ assignee: null, version: 1 });
    expect(facts).toEqual([]);
  });
});
