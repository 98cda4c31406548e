import { engineServices, execute, type EngineEvent, type InstanceState, type ProcessModel } from '@tramita/bpmn';

/** One instance driven from its start to its end, in memory. */
export interface InstanceRun {
  /** Tasks completed on the way (each open task is completed as soon as it appears). */
  completions: number;
  /** Engine calls made (the start and every completion). */
  events: number;
  /** Timers scheduled and cancelled on the way. */
  timers: { scheduled: number; cancelled: number };
}

/** More events than this for one instance means the procedure loops: the run stops instead of spinning. */
const MAX_EVENTS_PER_INSTANCE = 1000;

/**
 * Drives one instance of `model` start to end through the engine alone (`execute` from
 * `@tramita/bpmn`, no HTTP, no database), completing open tasks in the order they were created,
 * like bpm does on each event: a fresh services object at that moment, the state handed back in.
 * Throws when the engine refuses an event or the instance stops with nothing left to complete
 * (a timer or an incident would have to move it on).
 */
export function runInstanceToEnd(model: ProcessModel, now: Date): InstanceRun {
  const open: string[] = [];
  const run: InstanceRun = { completions: 0, events: 0, timers: { scheduled: 0, cancelled: 0 } };
  let state: InstanceState | null = null;
  let event: EngineEvent = { type: 'start', variables: {}, initiator: 'user' };
  for (;;) {
    const result = execute(model, state, event, engineServices(now));
    run.events += 1;
    if (!result.ok) throw new Error(`the engine refused ${event.type}: ${result.refused.message}`);
    state = result.state;
    let ended = false;
    for (const effect of result.effects) {
      if (effect.type === 'taskCreated') open.push(effect.task.taskId);
      else if (effect.type === 'taskCompleted' || effect.type === 'taskCancelled') {
        const at = open.indexOf(effect.taskId);
        if (at >= 0) open.splice(at, 1);
      } else if (effect.type === 'timerScheduled') run.timers.scheduled += 1;
      else if (effect.type === 'timerCancelled') run.timers.cancelled += 1;
      else if (effect.type === 'incidentRaised') throw new Error(`incident at ${effect.nodeId}: ${effect.message}`);
      else if (effect.type === 'instanceEnded') ended = true;
    }
    if (ended) return run;
    const next = open[0];
    if (next === undefined) throw new Error(`instance of ${model.id} waits with no open task (status ${state.status})`);
    if (run.events >= MAX_EVENTS_PER_INSTANCE) throw new Error(`instance of ${model.id} still running after ${run.events} events`);
    run.completions += 1;
    event = { type: 'completeTask', taskId: next, variables: {} };
  }
}

export interface EngineThroughput {
  instances: number;
  completions: number;
  elapsedMs: number;
  /** Instances run start to end per second. */
  instancesPerSec: number;
}

/**
 * Instances of `model` run start to end, back to back in this process, for `durationMs` (the
 * instance under way when time is up is finished and counted). The benchmark process runs it
 * between the scenarios, when the system under test is idle.
 */
export function engineInstancesPerSecond(model: ProcessModel, durationMs: number, clock: () => number = () => performance.now()): EngineThroughput {
  const now = new Date();
  const started = clock();
  let instances = 0;
  let completions = 0;
  do {
    completions += runInstanceToEnd(model, now).completions;
    instances += 1;
  } while (clock() - started < durationMs);
  const elapsedMs = clock() - started;
  return { instances, completions, elapsedMs, instancesPerSec: elapsedMs > 0 ? (instances * 1000) / elapsedMs : 0 };
}
