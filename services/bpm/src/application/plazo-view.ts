import { bpmEventMessages, type PlazoResource, type PlazoSnapshot, type TrafficLight } from '@tramita/contracts';
import { formatLegalDuration, SUSPENSION_CAUSES } from '@tramita/legal-time';
import type { Actor } from '@tramita/kernel';
import type { Plazo, PlazoState } from '../domain/plazo.ts';
import type { Outbox } from './ports.ts';

const DAY = 86_400_000;
const actor = (a: Actor): Actor => ({ username: a.username, displayName: a.displayName });

/** The traffic light at `now` (ADR 0016): the same rule the list applies to bpm's PlazoChanged. */
export function trafficLightOf(plazo: Pick<PlazoState, 'state' | 'due' | 'nearFrom'>, now: Date): TrafficLight {
  if (plazo.state === 'CLOSED') return 'CLOSED';
  if (plazo.state === 'SUSPENDED') return 'SUSPENDED';
  if (plazo.state === 'EXPIRED' || (plazo.due !== null && now.getTime() > Date.parse(plazo.due.endsAt))) return 'OVERDUE';
  if (plazo.nearFrom !== null && now.getTime() >= Date.parse(plazo.nearFrom)) return 'NEAR';
  return 'IN_TIME';
}

/** What is left, in plain Spanish: "quedan 12 días naturales", "vence hoy", "vencido hace 3 días". */
export function timeLeftOf(plazo: Pick<PlazoState, 'state' | 'due' | 'suspensions'>, now: Date): string {
  if (plazo.state === 'CLOSED') return 'plazo cerrado';
  if (plazo.state === 'SUSPENDED') {
    const open = plazo.suspensions.find((suspension) => suspension.endedAt === null);
    return open ? `suspendido desde el ${open.startedAt.slice(0, 10).split('-').reverse().join('/')}` : 'suspendido';
  }
  if (plazo.due === null) return 'sin fecha';
  const left = Date.parse(plazo.due.endsAt) - now.getTime();
  if (left < 0) {
    const days = Math.floor(-left / DAY);
    return days === 0 ? 'vencido hoy' : `vencido hace ${days} ${days === 1 ? 'día' : 'días'}`;
  }
  const days = Math.floor(left / DAY);
  if (days === 0) return left < 3_600_000 ? 'vence en menos de una hora' : 'vence hoy';
  return `${days === 1 ? 'queda' : 'quedan'} ${days} ${days === 1 ? 'día natural' : 'días naturales'}`;
}

/** A plazo as callers see it (`GET /api/files/{code}/plazos`). */
export function plazoResource(state: PlazoState, canManage: boolean, now: Date): PlazoResource {
  return {
    plazoId: state.plazoId,
    kind: state.kind,
    name: state.name,
    taskId: state.taskId,
    duration: state.duration,
    durationText: formatLegalDuration(state.duration),
    legalBasis: state.legalBasis,
    startedAt: state.startedAt,
    initiation: state.initiation,
    expiryEffect: state.expiryEffect,
    state: state.state,
    due: state.due,
    trafficLight: trafficLightOf(state, now),
    timeLeft: timeLeftOf(state, now),
    suspensions: state.suspensions.map((suspension) => ({
      id: suspension.id,
      cause: suspension.cause,
      causeLabel: SUSPENSION_CAUSES[suspension.cause].label,
      startedAt: suspension.startedAt,
      endedAt: suspension.endedAt,
      note: suspension.note,
      recordedBy: actor(suspension.recordedBy),
      recordedAt: suspension.recordedAt,
    })),
    extensions: state.extensions.map((extension) => ({
      id: extension.id,
      article: extension.article,
      duration: extension.duration,
      requestedAt: extension.requestedAt,
      decidedAt: extension.decidedAt,
      reason: extension.reason,
      recordedBy: actor(extension.recordedBy),
      recordedAt: extension.recordedAt,
    })),
    outcome: state.outcome,
    communicatedDue: state.communicatedDue,
    history: state.history.map((entry) => ({ ...entry, actor: entry.actor ? actor(entry.actor) : null })),
    canManage: canManage && (state.state === 'RUNNING' || state.state === 'SUSPENDED'),
    version: state.version,
  };
}

/** Announces the maximum plazo's change on bpm.events (the list keeps its due date); trámite plazos travel with their tasks. */
export function publishPlazoChanged(plazo: Plazo, outbox: Outbox): void {
  const changed = plazoChangedOf(plazo.state());
  if (changed) outbox.send(bpmEventMessages.PlazoChanged(changed));
}

/** What PlazoChanged carries for the maximum plazo `state`; null for a trámite plazo. */
export function plazoChangedOf(state: PlazoState): PlazoSnapshot | null {
  if (state.kind !== 'MAXIMO') return null;
  return {
    processId: state.processId,
    fileCode: state.fileCode,
    organism: state.organism,
    plazoId: state.plazoId,
    state: state.state,
    dueAt: state.state === 'RUNNING' || state.state === 'EXPIRED' ? (state.due?.endsAt ?? null) : null,
    nearFrom: state.state === 'RUNNING' ? state.nearFrom : null,
    dueStatus: state.due?.status ?? null,
    version: state.version,
  };
}
