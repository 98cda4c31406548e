import type { PlazoResource } from '@tramita/contracts';
import { conflict, type Actor, type Clock } from '@tramita/kernel';
import type { AuditedBy, AuditRecorder, OrganismCaller } from '@tramita/platform';
import type { Plazo } from '../domain/plazo.ts';
import type { Process } from '../domain/process.ts';
import type { PlazoCalendar } from './compute-plazo.ts';
import type { CalendarDefaults } from './legal-calendar.ts';
import { lockPlazo, plazoCalendarOf, requirePlazoManager } from './plazo-access.ts';
import { plazoResource, publishPlazoChanged } from './plazo-view.ts';
import type { BpmRepositories, Outbox } from './ports.ts';

/** What changing a plazo needs: the transaction's repositories, its outbox and audit trail, the clock and the default calendar seat. */
export interface ChangePlazoDeps extends BpmRepositories {
  outbox: Outbox;
  audit: AuditRecorder;
  clock: Clock;
  calendarDefaults: CalendarDefaults;
}

/** Which plazo, asked by whom. */
export interface PlazoTarget {
  fileCode: string;
  plazoId: string;
  organism?: string | undefined;
  caller: OrganismCaller;
  actor: Actor;
  audited: AuditedBy;
}

/** The change itself, given the plazo locked, its expediente's calendar and the time. */
type Change = (plazo: Plazo, scope: { process: Process; calendar: PlazoCalendar; now: Date }) => void;

/**
 * One change to a plazo by one of the roles the procedure names (suspend, resume, extend): the
 * plazo is locked, changed and counted again, saved against the version it was read at, announced
 * and audited in the same transaction. A change the law does not allow changes nothing.
 */
export async function changePlazo(
  deps: ChangePlazoDeps,
  target: PlazoTarget,
  action: string,
  details: Record<string, unknown>,
  change: Change,
): Promise<PlazoResource> {
  const { process, plazo } = await lockPlazo(deps, target, target.caller);
  requirePlazoManager(plazo, target.caller, process.organism);
  const calendar = await plazoCalendarOf(deps, process, deps.calendarDefaults);
  const now = deps.clock.now();
  const loaded = plazo.version;
  change(plazo, { process, calendar, now });
  if (!(await deps.plazos.update(plazo, loaded))) throw conflict('plazo-version-conflict', 'The plazo changed meanwhile; reload it and retry.');
  publishPlazoChanged(plazo, deps.outbox);
  // Last: the entry holds the audit chain's head until commit (ADR 0014).
  await deps.audit.record({ action, organism: process.organism, fileCode: process.fileCode, details: { plazoId: plazo.plazoId, ...details } }, target.audited);
  return plazoResource(plazo.state(), true, now);
}
