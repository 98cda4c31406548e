import { describe, expect, it } from 'vitest';
import { engineServices, execute, readProcedureFile, type EngineEvent, type InstanceState, type ProcessModel } from '@tramita/bpmn';
import { SEED_USERS } from '../../services/auth/src/application/seed-users.ts';
import type { OpenTask } from '../lib/tramita-api.ts';
import { BPMN_PROCEDURE, completeTasks, completionPlan, readBenchProcedure, type TaskInbox } from './bpmn-process.ts';

async function benchModel(): Promise<ProcessModel> {
  const reading = await readProcedureFile(await readBenchProcedure());
  const model = reading.processes.find((p) => p.id === BPMN_PROCEDURE.code);
  if (!model) throw new Error(`the fixture has no process ${BPMN_PROCEDURE.code}`);
  return model;
}

/** bpm's inbox in miniature: the real engine behind each expediente, its open tasks as the effects leave them, ids `<code>.<task>`. */
class EngineInbox implements TaskInbox {
  readonly completed: { code: string; nodeId: string }[] = [];
  readonly #instances = new Map<string, { state: InstanceState | null; open: (OpenTask & { engineId: string })[] }>();
  readonly #model: ProcessModel;

  constructor(model: ProcessModel, codes: readonly string[]) {
    this.#model = model;
    for (const code of codes) {
      this.#instances.set(code, { state: null, open: [] });
      this.#apply(code, { type: 'start', variables: {}, initiator: 'user' });
    }
  }

  openTasks(code: string): Promise<OpenTask[]> {
    return Promise.resolve((this.#instances.get(code)?.open ?? []).map(({ taskId, nodeId }) => ({ taskId, nodeId })));
  }

  completeTask(taskId: string): Promise<void> {
    for (const [code, instance] of this.#instances) {
      const task = instance.open.find((t) => t.taskId === taskId);
      if (!task) continue;
      this.completed.push({ code, nodeId: task.nodeId });
      this.#apply(code, { type: 'completeTask', taskId: task.engineId, variables: {} });
      return Promise.resolve();
    }
    return Promise.reject(new Error(`no open task ${taskId}`));
  }

  #apply(code: string, event: EngineEvent): void {
    const instance = this.#instances.get(code)!;
    const result = execute(this.#model, instance.state, event, engineServices(new Date('2026-12-01T09:00:00Z')));
    if (!result.ok) throw new Error(result.refused.message);
    instance.state = result.state;
    for (const effect of result.effects) {
      if (effect.type === 'taskCreated')
        instance.open.push({ taskId: `${code}.${effect.task.taskId}`, nodeId: effect.task.nodeId, engineId: effect.task.taskId });
      if (effect.type === 'taskCompleted' || effect.type === 'taskCancelled') instance.open = instance.open.filter((t) => t.engineId !== effect.taskId);
    }
  }
}

describe("the benchmark's BPMN procedure", () => {
  it('deploys with no problem and no warning: ten user tasks, a fork and its join, and a timer boundary on a task', async () => {
    const reading = await readProcedureFile(await readBenchProcedure());
    expect(reading.problems).toEqual([]);
    expect(reading.warnings).toEqual([]);
    expect(reading.processes.map((p) => p.id)).toEqual([BPMN_PROCEDURE.code]);
    const nodes = Object.values(reading.processes[0]!.nodes);
    expect(nodes.filter((n) => n.kind === 'userTask')).toHaveLength(BPMN_PROCEDURE.userTasks);
    const gateways = nodes.filter((n) => n.kind === 'parallelGateway');
    expect(gateways.map((g) => [g.incoming.length, g.outgoing.length])).toEqual([
      [1, 2],
      [2, 1],
    ]);
    const timers = nodes.flatMap((n) => (n.kind === 'timerBoundary' ? [n] : []));
    expect(timers.map((t) => [t.attachedTo, t.timer.form, t.timer.text, t.interrupting])).toEqual([['INFORME_JURIDICO', 'duration', 'P10D', true]]);
  });

  it('gives every task to a group the benchmark user holds, so the user completes any of them without claiming', async () => {
    const user = SEED_USERS.find((u) => u.username === 'user')!;
    const groups = Object.values((await benchModel()).nodes).flatMap((n) => (n.kind === 'userTask' ? n.assignment.candidateGroups : []));
    expect(groups).toHaveLength(BPMN_PROCEDURE.userTasks);
    expect(groups.filter((g) => !(user.roles as string[]).includes(g))).toEqual([]);
  });

  it('starts waiting on one task per branch of the fork, with the timer scheduled', async () => {
    const result = execute(await benchModel(), null, { type: 'start', variables: {}, initiator: 'user' }, engineServices(new Date()));
    if (!result.ok) throw new Error(result.refused.message);
    const created = result.effects.flatMap((e) => (e.type === 'taskCreated' ? [e.task.nodeId] : []));
    expect(created.sort()).toEqual([...BPMN_PROCEDURE.firstTasks]);
    expect(result.effects.filter((e) => e.type === 'timerScheduled')).toHaveLength(1);
  });
});

describe('the completion plan', () => {
  it('shares a fixed number of completions evenly, the first workers taking the remainder, and counts the processes each needs', () => {
    expect(completionPlan(80, 4, 10)).toEqual({ perWorker: [20, 20, 20, 20], processesPerWorker: 2 });
    expect(completionPlan(23, 4, 10)).toEqual({ perWorker: [6, 6, 6, 5], processesPerWorker: 1 });
    expect(completionPlan(45, 2, 10)).toEqual({ perWorker: [23, 22], processesPerWorker: 3 });
    expect(completionPlan(3, 4, 10).perWorker).toEqual([1, 1, 1, 0]);
  });

  it('refuses counts that are not whole positive numbers, naming which', () => {
    expect(() => completionPlan(0, 4, 10)).toThrow(/completions must be a whole number of at least 1, got 0/);
    expect(() => completionPlan(10, 2.5, 10)).toThrow(/workers must be/);
    expect(() => completionPlan(10, 2, -1)).toThrow(/tasks per process must be/);
  });
});

describe('task completions', () => {
  it('completes exactly each worker’s share on its own expedientes, walking a process through both branches to its end', async () => {
    const inbox = new EngineInbox(await benchModel(), ['A', 'B', 'C']);
    const result = await completeTasks(inbox, [['A'], ['B', 'C']], [10, 13]);
    expect(result.completions).toBe(23);
    expect(result.latenciesMs).toHaveLength(23);
    expect(result.perSec).toBeCloseTo((23 * 1000) / result.elapsedMs, 6);
    expect(inbox.completed.filter((c) => c.code === 'A')).toHaveLength(BPMN_PROCEDURE.userTasks);
    expect(await inbox.openTasks('A')).toEqual([]);
    expect(inbox.completed.filter((c) => c.code === 'B')).toHaveLength(BPMN_PROCEDURE.userTasks);
    // B's worker finds B ended and goes on to C for the rest of its share.
    expect(inbox.completed.filter((c) => c.code === 'C').map((c) => c.nodeId)).toEqual(['REGISTRO', 'INFORME_JURIDICO', 'REQUISITOS']);
    // A process takes 8 reads for its 10 tasks (2, 2, then 1 at a time after the branch to the join); B's worker reads B once more and C twice.
    expect(result.inboxReads).toBe(8 + 8 + 1 + 2);
  });

  it('fails, naming the worker, when its expedientes run out of open tasks before its share is done', async () => {
    const inbox = new EngineInbox(await benchModel(), ['A']);
    await expect(completeTasks(inbox, [['A']], [11])).rejects.toThrow(/worker 1 ran out of open tasks after 10 of 11 completions on A/);
  });

  it('refuses a plan whose workers and sets of expedientes do not match', async () => {
    const inbox = new EngineInbox(await benchModel(), ['A']);
    await expect(completeTasks(inbox, [['A']], [5, 5])).rejects.toThrow(/2 workers but 1 sets of expedientes/);
  });
});
