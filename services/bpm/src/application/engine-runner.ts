import {
  execute,
  type EngineEvent,
  type EngineEffect,
  type EngineServices,
  type InstanceState,
  type PlazoCounter,
  type ProcessModel,
  type RefusedEvent,
} from '@tramita/bpmn';
import { conflict, illegalState, notFound, type Actor, type Clock } from '@tramita/kernel';
import type { Process } from '../domain/process.ts';
import type { CodeName } from '../domain/procedure.ts';
import type { BpmnSource } from '../domain/procedure-repository.ts';
import { catalogueFor } from '../domain/procedure-repository.ts';
import type { StoredInstance } from '../domain/instance-repository.ts';
import type { BpmRepositories, Outbox } from './ports.ts';
import { publishProcessEvents } from './process-view.ts';
import { calendarContextOf, organismCalendar, plazoCounter, type CalendarDefaults } from './legal-calendar.ts';
import { closeProcessPlazos, closeTaskPlazo, openTramitePlazo } from './tramite-plazos.ts';
import { plazoManagersOf } from './open-maximum-plazo.ts';
import type { PlazoCalendar } from './compute-plazo.ts';

/** What running the engine needs: the repositories of the transaction, the clock and the engine's services. */
export interface EngineRunDeps extends BpmRepositories {
  clock: Clock;
  /** Conditions, values and timers at `now`, with the count of plazos in legal units on the expediente's calendar (ADR 0016). */
  engineServices: (now: Date, plazoDue: PlazoCounter) => EngineServices;
  /** The seat of organisms that have not stated theirs. */
  calendarDefaults: CalendarDefaults;
  /** Where a run leaves bpm.events (the maximum plazo closing with the expediente). */
  outbox: Outbox;
}

/** What a host gives every engine run: the clock, the engine's services and the default calendar seat. */
export type EngineHost = Pick<EngineRunDeps, 'clock' | 'engineServices' | 'calendarDefaults'>;

/** The expediente an engine run works for: its process, organism and code, and who acts. */
export interface RunContext {
  processId: string;
  organism: string;
  fileCode: string;
  /** Who caused the event (null: the engine itself, e.g. a timer). */
  actor: Actor | null;
}

/** What one run did to the expediente's phases (ADR 0015, point 4), for its process history. */
export interface RunProgress {
  left: string[];
  entered: CodeName[];
  /** The root instance ended. */
  ended: boolean;
}

/** An event for an instance: a stored one (re-read and locked when its turn comes), or a new one to start. */
type Work = { instanceId: string; event: EngineEvent } | { start: StoredInstance; event: Extract<EngineEvent, { type: 'start' }> };

/**
 * Applies an event to an engine instance and everything it sets off in the same transaction
 * (ADR 0015): the tasks, timers and incidents its effects name are written, call activities start
 * and end child instances, a child's end completes its parent's call. Each instance is saved
 * against the version it was read at. A refused event changes nothing (the transaction rolls back).
 */
export async function runEngine(deps: EngineRunDeps, first: Work, context: RunContext): Promise<RunProgress> {
  const now = deps.clock.now();
  // The expediente's calendar is read only for a procedure that counts a plazo in legal units (ADR 0016), once per run.
  const withoutPlazos = {
    services: deps.engineServices(now, (text) => ({ ok: false, message: `no calendar was read for the plazo ${text}` })),
    calendar: null,
  };
  let withPlazos: { services: EngineServices; calendar: PlazoCalendar } | undefined;
  const legalTime = async (model: ProcessModel) => {
    if (!statesPlazos(model)) return withoutPlazos;
    if (!withPlazos) {
      const calendar = await organismCalendar(deps.calendars, context.organism, deps.calendarDefaults);
      const plazoCalendar: PlazoCalendar = { context: calendarContextOf(calendar, await deps.plazos.context(context.processId)), set: calendar.set };
      withPlazos = { services: deps.engineServices(now, plazoCounter(calendar, plazoCalendar.context)), calendar: plazoCalendar };
    }
    return withPlazos;
  };
  const progress: RunProgress = { left: [], entered: [], ended: false };
  const queue: Work[] = [first];
  const models = new Map<string, ProcessModel>();
  for (let steps = 0; queue.length > 0; steps++) {
    // Call chains are shallow; a cycle of call activities would otherwise never stop.
    if (steps > 1000) throw illegalState('engine-runaway', 'The procedure starts call activities without end.');
    const work = queue.shift()!;
    const isNew = 'start' in work;
    const instance = isNew ? work.start : await deps.instances.lock(work.instanceId);
    if (!instance) throw new Error(`Engine instance ${'instanceId' in work ? work.instanceId : ''} is missing`);
    const model = await modelOf(deps, instance, models);
    const { services, calendar } = await legalTime(model);
    const result = execute(model, isNew ? null : (instance.state as InstanceState), work.event, services);
    if (!result.ok) throw refusal(result.refused);
    const loadedVersion = instance.version;
    const saved: StoredInstance = { ...instance, state: result.state, version: instance.version + 1, ended: result.state.status !== 'active' };
    if (isNew) await deps.instances.insert(saved, now);
    else if (!(await deps.instances.update(saved, loadedVersion, now))) {
      throw conflict('engine-version-conflict', `The process of ${context.fileCode} changed meanwhile; retry.`);
    }
    for (const effect of result.effects) {
      await applyEffect(deps, {
        instance: saved,
        model,
        effect,
        context,
        now,
        progress,
        queue,
        cancelled: work.event.type === 'cancel',
        calendar,
      });
    }
  }
  // The expediente ended: its plazos no longer run (art. 21: the resolution ends the procedure).
  if (progress.ended) await closeProcessPlazos(deps, context.processId, context.actor, now, 'El procedimiento ha terminado.');
  return progress;
}

interface EffectScope {
  instance: StoredInstance;
  model: ProcessModel;
  effect: EngineEffect;
  context: RunContext;
  now: Date;
  progress: RunProgress;
  queue: Work[];
  /** The event was a cancel: a child ending because of it does not complete its parent's call. */
  cancelled: boolean;
  /** The expediente's calendar, for the plazos of the tasks created (ADR 0016); null when the model states none. */
  calendar: PlazoCalendar | null;
}

async function applyEffect(deps: EngineRunDeps, scope: EffectScope): Promise<void> {
  const { instance, model, effect, context, now, progress, queue } = scope;
  const id = (engineId: string) => `${instance.instanceId}.${engineId}`;
  switch (effect.type) {
    case 'taskCreated': {
      const { task } = effect;
      await deps.tasks.insert({
        taskId: id(task.taskId),
        instanceId: instance.instanceId,
        processId: context.processId,
        organism: context.organism,
        fileCode: context.fileCode,
        procedureCode: instance.procedure.code,
        nodeId: task.nodeId,
        name: task.name,
        assignee: task.assignee,
        candidateUsers: task.candidateUsers,
        candidateGroups: task.candidateGroups,
        dueAt: task.dueAt,
        priority: task.priority,
        formKey: task.formKey,
        state: 'open',
        createdAt: now,
        endedAt: null,
        endedBy: null,
        version: 1,
      });
      progress.entered.push({ code: task.nodeId, name: task.name ?? task.nodeId });
      const node = model.nodes[task.nodeId];
      if (node?.kind === 'userTask' && node.plazo && scope.calendar) {
        await openTramitePlazo(deps, {
          taskId: id(task.taskId),
          name: task.name ?? task.nodeId,
          plazo: node.plazo,
          managers: plazoManagersOf(model, null),
          context,
          now,
          calendar: scope.calendar,
        });
      }
      return;
    }
    case 'taskCompleted':
    case 'taskCancelled': {
      const task = await deps.tasks.lock(id(effect.taskId));
      if (!task?.open) return;
      const loaded = task.version;
      task.end(effect.type === 'taskCompleted' ? 'completed' : 'cancelled', effect.type === 'taskCompleted' ? context.actor : null, now);
      if (!(await deps.tasks.update(task, loaded))) throw conflict('task-version-conflict', `Task ${task.taskId} changed meanwhile; retry.`);
      progress.left.push(task.state().nodeId);
      const node = model.nodes[task.state().nodeId];
      if (node?.kind === 'userTask' && node.plazo) {
        await closeTaskPlazo(deps, task.taskId, context.actor, now, effect.type === 'taskCompleted' ? 'Trámite realizado.' : 'Trámite cancelado.');
      }
      return;
    }
    case 'timerScheduled':
      await deps.instances.scheduleTimer({
        timerId: id(effect.timerId),
        instanceId: instance.instanceId,
        processId: context.processId,
        nodeId: effect.nodeId,
        dueAt: effect.dueAt,
      });
      return;
    case 'timerCancelled':
      await deps.instances.cancelTimer(id(effect.timerId), now);
      return;
    case 'callStarted': {
      const catalogue = catalogueFor(await deps.procedures.cataloguesOf(effect.calledElement), context.organism);
      const called = catalogue === undefined ? null : await deps.procedures.find(effect.calledElement, catalogue);
      if (!called || catalogue === undefined) {
        throw notFound(
          'called-procedure-not-found',
          `The call activity ${effect.nodeId} calls ${effect.calledElement}, which is not a procedure of this organism.`,
          {
            procedureCode: effect.calledElement,
          },
        );
      }
      const child: StoredInstance = {
        instanceId: id(effect.callId),
        processId: context.processId,
        parentInstanceId: instance.instanceId,
        parentCallId: effect.callId,
        procedure: { catalogue, code: called.code, version: called.version },
        state: null,
        version: 0,
        ended: false,
      };
      queue.push({ start: child, event: { type: 'start', variables: effect.variables, initiator: context.actor?.username ?? null } });
      return;
    }
    case 'callCancelled': {
      const child = await deps.instances.findChild(instance.instanceId, effect.callId);
      if (child && !child.ended) queue.push({ instanceId: child.instanceId, event: { type: 'cancel' } });
      return;
    }
    case 'incidentRaised':
      await deps.instances.raiseIncident(
        {
          incidentId: id(effect.incidentId),
          instanceId: instance.instanceId,
          processId: context.processId,
          organism: context.organism,
          fileCode: context.fileCode,
          nodeId: effect.nodeId,
          message: effect.message,
        },
        now,
      );
      return;
    case 'incidentResolved':
      await deps.instances.resolveIncident(id(effect.incidentId), now);
      return;
    case 'activityStarted': {
      // An end event of the root process is the terminal phase the history shows (FINALIZADO).
      const node = model.nodes[effect.nodeId];
      if (instance.parentInstanceId === null && node?.kind === 'end' && node.scope === model.id)
        progress.entered.push({ code: node.id, name: node.name ?? node.id });
      return;
    }
    case 'instanceEnded':
      if (instance.parentInstanceId === null) progress.ended = true;
      else if (!scope.cancelled && instance.parentCallId !== null) {
        const variables = (instance.state as InstanceState).variables;
        queue.push({ instanceId: instance.parentInstanceId, event: { type: 'callCompleted', callId: instance.parentCallId, variables } });
      }
      return;
    case 'activityEnded':
    case 'flowTaken':
    case 'automaticStepSkipped':
      // Counted in the instance state (runs, flows taken) for the diagram.
      return;
  }
}

/** Whether a model counts any plazo in legal units: a user task's or a timer event's `tramita:plazo`. */
function statesPlazos(model: ProcessModel): boolean {
  return Object.values(model.nodes).some((node) => (node.kind === 'userTask' && Boolean(node.plazo)) || ('timer' in node && node.timer.form === 'plazo'));
}

async function modelOf(deps: EngineRunDeps, instance: StoredInstance, cache: Map<string, ProcessModel>): Promise<ProcessModel> {
  const { catalogue, code, version } = instance.procedure;
  const key = `${catalogue ?? ''}\u0000${code}\u0000${version}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const source = await deps.procedures.findBpmn(code, catalogue, version);
  if (!source) throw new Error(`Procedure ${code} v${version} of instance ${instance.instanceId} has no BPMN model`);
  cache.set(key, source.model);
  return source.model;
}

function refusal(refused: RefusedEvent): Error {
  switch (refused.code) {
    case 'unknown-task':
    case 'unknown-timer':
    case 'unknown-call':
    case 'unknown-incident':
      return notFound(refused.code, refused.message);
    case 'error-not-caught':
      return illegalState(refused.code, refused.message);
    case 'instance-ended':
    case 'already-started':
      return conflict(refused.code, refused.message);
  }
}

/**
 * Writes what a run did into the expediente's process (its phase history, finished when the root
 * instance ended), saved against the version it was locked at, and announces it on bpm.events. A
 * run that moved no phase leaves the process as it was.
 */
export async function recordRun(
  deps: Pick<EngineRunDeps, 'processes' | 'clock'> & { outbox: Outbox },
  process: Process,
  progress: RunProgress,
  actor: Actor,
): Promise<void> {
  if (progress.left.length === 0 && progress.entered.length === 0 && !progress.ended) return;
  const loadedVersion = process.version;
  process.recordProgress({ left: progress.left, entered: progress.entered, finished: progress.ended, actor, now: deps.clock.now() });
  if (!(await deps.processes.update(process, loadedVersion))) {
    throw conflict('version-conflict', `The process of ${process.fileCode} changed meanwhile; reload it and retry.`);
  }
  publishProcessEvents(process, deps.outbox);
}

/** The BPMN file and model an engine instance runs (the procedure version it started on). */
export async function bpmnSourceOf(deps: Pick<BpmRepositories, 'instances' | 'procedures'>, instanceId: string): Promise<BpmnSource | null> {
  const instance = await deps.instances.find(instanceId);
  return instance ? deps.procedures.findBpmn(instance.procedure.code, instance.procedure.catalogue, instance.procedure.version) : null;
}
