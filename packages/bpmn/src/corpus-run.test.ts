import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { EngineEffect, EngineEvent } from './engine-api.ts';
import { engineServices } from './engine-services.ts';
import { addDuration, type BusinessCalendar } from './timers.ts';
import { execute } from './run-instance.ts';
import type { InstanceState } from './instance.ts';
import type { ProcessModel } from './model.ts';
import { readProcedureFile } from './read-procedure-file.ts';

/**
 * Every runnable file of the corpus (issue 13: files in the shapes the common modellers
 * export) deployed and driven to its end by its script in expectations.json, through the real
 * reader, the real expression services and the engine: tasks completed, timers fired and errors
 * thrown by element id. Call activities start child instances of the called process (from the
 * same file or the files it `needs`), as bpm does.
 */
type Step = { complete: string; variables?: Record<string, unknown> } | { fireTimer: string } | { throwError: string; errorCode: string } | { ends: true };
interface Expectation {
  processes?: string[];
  needs?: string[];
  run?: Step[];
  refused?: unknown[];
}

const corpus = new URL('../corpus/', import.meta.url);
const expectations = JSON.parse(await readFile(new URL('expectations.json', corpus), 'utf8')) as Record<string, Expectation>;
const runnable = Object.entries(expectations).filter(([, expectation]) => expectation.run !== undefined);

/**
 * The corpus names a business calendar `laborables`; legal time (Ley 39/2015, art. 30) brings the
 * real ones. Here: days counted Monday to Friday, everything else as calendar time.
 */
const weekdays: BusinessCalendar = {
  add(from, duration) {
    const at = addDuration(from, { ...duration, days: 0, weeks: 0 });
    let days = duration.days + duration.weeks * 5;
    while (days > 0) {
      at.setUTCDate(at.getUTCDate() + 1);
      if (at.getUTCDay() !== 0 && at.getUTCDay() !== 6) days -= 1;
    }
    return at;
  },
};
const calendars = new Map([['laborables', weekdays]]);

interface Instance {
  id: string;
  model: ProcessModel;
  state: InstanceState | null;
  parent: { instance: Instance; callId: string } | null;
  tasks: Map<string, string>;
  timers: Map<string, string>;
}

/** A small host: applies events, follows call activities both ways, and keeps what is open. */
class Host {
  readonly instances: Instance[] = [];
  readonly #models: Map<string, ProcessModel>;
  #now = new Date('2026-12-04T09:00:00Z');

  constructor(models: Map<string, ProcessModel>) {
    this.#models = models;
  }

  start(processId: string): Instance {
    const root = this.#instance(processId, null);
    this.#apply(root, { type: 'start', variables: {}, initiator: 'agat' });
    return root;
  }

  /** The open task or timer at an element, in whichever instance holds it. */
  find(kind: 'tasks' | 'timers', nodeId: string): { instance: Instance; id: string } | undefined {
    for (const instance of this.instances) {
      for (const [id, node] of instance[kind]) if (node === nodeId) return { instance, id };
    }
    return undefined;
  }

  apply(instance: Instance, event: EngineEvent): void {
    this.#apply(instance, event);
  }

  advanceClock(to: Date): void {
    if (to > this.#now) this.#now = to;
  }

  #instance(processId: string, parent: Instance['parent']): Instance {
    const model = this.#models.get(processId);
    if (!model) throw new Error(`no process ${processId} in the files read`);
    const instance: Instance = { id: `i${this.instances.length}`, model, state: null, parent, tasks: new Map(), timers: new Map() };
    this.instances.push(instance);
    return instance;
  }

  #apply(instance: Instance, event: EngineEvent): void {
    const result = execute(instance.model, instance.state, event, engineServices(this.#now, undefined, calendars));
    if (!result.ok) throw new Error(`${instance.model.id}: ${event.type} refused: ${result.refused.message}`);
    // The state is stored as JSON between events, as bpm stores it.
    instance.state = JSON.parse(JSON.stringify(result.state)) as InstanceState;
    for (const effect of result.effects) this.#effect(instance, effect);
  }

  #effect(instance: Instance, effect: EngineEffect): void {
    switch (effect.type) {
      case 'taskCreated':
        instance.tasks.set(effect.task.taskId, effect.task.nodeId);
        return;
      case 'taskCompleted':
      case 'taskCancelled':
        instance.tasks.delete(effect.taskId);
        return;
      case 'timerScheduled':
        instance.timers.set(effect.timerId, effect.nodeId);
        return;
      case 'timerCancelled':
        instance.timers.delete(effect.timerId);
        return;
      case 'callStarted': {
        const child = this.#instance(effect.calledElement, { instance, callId: effect.callId });
        this.#apply(child, { type: 'start', variables: effect.variables, initiator: null });
        return;
      }
      case 'callCancelled': {
        const child = this.instances.find((i) => i.parent?.instance === instance && i.parent.callId === effect.callId);
        if (child && child.state?.status === 'active') this.#apply(child, { type: 'cancel' });
        return;
      }
      case 'incidentRaised':
        throw new Error(`${instance.model.id}: incident at ${effect.nodeId}: ${effect.message}`);
      case 'instanceEnded':
        if (instance.parent && !effect.terminated) {
          this.#apply(instance.parent.instance, { type: 'callCompleted', callId: instance.parent.callId, variables: instance.state?.variables ?? {} });
        }
        return;
      default:
        return;
    }
  }
}

async function modelsOf(file: string, expectation: Expectation): Promise<Map<string, ProcessModel>> {
  const models = new Map<string, ProcessModel>();
  for (const name of [file, ...(expectation.needs ?? [])]) {
    const reading = await readProcedureFile(await readFile(new URL(name, corpus), 'utf8'));
    expect(reading.problems, name).toEqual([]);
    for (const model of reading.processes) models.set(model.id, model);
  }
  return models;
}

describe('the corpus runs to its end', () => {
  it('has runnable files of every dialect', () => {
    expect(runnable.length).toBeGreaterThanOrEqual(15);
  });

  it.each(runnable)('%s', async (file, expectation) => {
    const models = await modelsOf(file, expectation);
    const host = new Host(models);
    const root = host.start(expectation.processes![0]!);
    for (const step of expectation.run!) {
      if ('ends' in step) continue;
      if ('complete' in step) {
        const task = host.find('tasks', step.complete);
        expect(task, `an open task at ${step.complete}`).toBeDefined();
        host.apply(task!.instance, { type: 'completeTask', taskId: task!.id, variables: step.variables ?? {} });
      } else if ('fireTimer' in step) {
        const timer = host.find('timers', step.fireTimer);
        expect(timer, `a scheduled timer at ${step.fireTimer}`).toBeDefined();
        host.apply(timer!.instance, { type: 'fireTimer', timerId: timer!.id });
      } else {
        const task = host.find('tasks', step.throwError);
        expect(task, `an open task at ${step.throwError}`).toBeDefined();
        host.apply(task!.instance, { type: 'throwError', taskId: task!.id, errorCode: step.errorCode, variables: {} });
      }
    }
    expect(root.state?.status).not.toBe('active');
    expect(host.instances.every((instance) => instance.state?.status !== 'active')).toBe(true);
    expect(host.instances.flatMap((instance) => [...instance.tasks.values()])).toEqual([]);
  });
});
