import { parseLegalDuration } from '@tramita/legal-time';
import { conflict, illegalState, type Actor } from '@tramita/kernel';
import { Plazo } from '../domain/plazo.ts';
import { computeOrFail, type PlazoCalendar } from './compute-plazo.ts';
import { publishPlazoChanged } from './plazo-view.ts';
import type { BpmRepositories, Outbox } from './ports.ts';

type PlazoDeps = Pick<BpmRepositories, 'plazos'> & { outbox: Outbox };

/**
 * A user task with `tramita:plazo` opens a trámite plazo as it is created (e.g. 10 días hábiles to
 * remedy, art. 68.1): counted from the task's creation, the instant its requirement is issued, on
 * the expediente's calendar. Its due date is the task's (the engine asked the same count).
 */
export async function openTramitePlazo(
  deps: PlazoDeps,
  task: {
    taskId: string;
    name: string;
    plazo: string;
    /** Who may extend it: the roles the procedure names (as for the maximum plazo). */
    managers: string[];
    context: { processId: string; organism: string; fileCode: string; actor: Actor | null };
    now: Date;
    calendar: PlazoCalendar;
  },
): Promise<void> {
  const duration = parseLegalDuration(task.plazo);
  if (!duration.ok) throw illegalState('plazo-not-computable', duration.message);
  const fields = {
    plazoId: `${task.taskId}.plazo`,
    processId: task.context.processId,
    organism: task.context.organism,
    fileCode: task.context.fileCode,
    kind: 'TRAMITE' as const,
    name: task.name,
    taskId: task.taskId,
    duration: duration.value,
    legalBasis: 'el plazo que el procedimiento fija para este trámite (art. 30 de la Ley 39/2015 para su cómputo)',
    startedAt: task.now.toISOString(),
    initiation: null,
    expiryEffect: 'NO_DECLARADO' as const,
    managers: task.managers,
  };
  const plazo = Plazo.open(fields, computeOrFail({ ...fields, suspensions: [], extensions: [] }, task.calendar, task.now), task.context.actor, task.now);
  await deps.plazos.insert(plazo.state());
}

/** The task ended (done or cancelled): its plazo stops running. */
export async function closeTaskPlazo(deps: PlazoDeps, taskId: string, actor: Actor | null, now: Date, note: string): Promise<void> {
  const plazo = await deps.plazos.lockOfTask(taskId);
  if (plazo) await close(deps, plazo, actor, now, note);
}

/** The expediente ended: every open plazo of its process stops running (the maximum one is announced). */
export async function closeProcessPlazos(deps: PlazoDeps, processId: string, actor: Actor | null, now: Date, note: string): Promise<void> {
  for (const plazoId of await deps.plazos.openOfProcess(processId)) {
    const plazo = await deps.plazos.lock(plazoId);
    if (plazo) await close(deps, plazo, actor, now, note);
  }
}

async function close(deps: PlazoDeps, plazo: Plazo, actor: Actor | null, now: Date, note: string): Promise<void> {
  if (!plazo.isOpen) return;
  const loaded = plazo.version;
  plazo.close(actor, now, note);
  if (!(await deps.plazos.update(plazo, loaded))) throw conflict('plazo-version-conflict', 'The plazo changed meanwhile; retry.');
  publishPlazoChanged(plazo, deps.outbox);
}
