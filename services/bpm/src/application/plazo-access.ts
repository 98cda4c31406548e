import { forbidden, notFound, unprocessable } from '@tramita/kernel';
import { rolesIn, type OrganismCaller } from '@tramita/platform';
import type { Plazo, PlazoComputation, PlazoState } from '../domain/plazo.ts';
import type { Process } from '../domain/process.ts';
import { computePlazo, type PlazoCalendar } from './compute-plazo.ts';
import { calendarContextOf, organismCalendar, type CalendarDefaults } from './legal-calendar.ts';
import type { BpmRepositories } from './ports.ts';
import { locateProcess } from './process-lookup.ts';

export const plazoNotFound = (plazoId: string) => notFound('plazo-not-found', `The expediente has no plazo ${plazoId}.`, { plazoId });

/** Where an expediente's plazo is: its process (found as the caller may see it) and the plazo, locked. */
export interface LocatedPlazo {
  process: Process;
  plazo: Plazo;
}

/**
 * The plazo of an expediente the caller may see, locked for a change; another organism's
 * expediente answers as a missing process (ADR 0013), another expediente's plazo as a missing one.
 */
export async function lockPlazo(
  repositories: Pick<BpmRepositories, 'processes' | 'plazos'>,
  target: { fileCode: string; plazoId: string; organism?: string | undefined },
  caller: OrganismCaller,
): Promise<LocatedPlazo> {
  const process = await locateProcess(repositories.processes, target.fileCode, caller, { organism: target.organism });
  const plazo = await repositories.plazos.lock(target.plazoId);
  if (!plazo || plazo.state().processId !== process.processId) throw plazoNotFound(target.plazoId);
  return { process, plazo };
}

/** Only the roles the procedure names manage an expediente's plazos (ADR 0016). */
export function requirePlazoManager(plazo: Plazo, caller: OrganismCaller, organism: string): void {
  if (!plazo.managedBy(rolesIn(caller.memberships, organism))) {
    throw forbidden('not-a-plazo-manager', 'Only the roles the procedure names may suspend, resume or extend its plazos.', { plazoId: plazo.plazoId });
  }
}

/** The calendar an expediente's plazos count in: its organism's, with the residence and channel stated for it. */
export async function plazoCalendarOf(
  repositories: Pick<BpmRepositories, 'calendars' | 'plazos'>,
  process: { processId: string; organism: string },
  defaults: CalendarDefaults,
): Promise<PlazoCalendar> {
  const calendar = await organismCalendar(repositories.calendars, process.organism, defaults);
  return { context: calendarContextOf(calendar, await repositories.plazos.context(process.processId)), set: calendar.set };
}

/** Counts a plazo after a change a person asked for; a change the law does not allow is refused (422) and nothing is saved. */
export function computeOrRefuse(calendar: PlazoCalendar, now: Date): (state: PlazoState) => PlazoComputation {
  return (state) => {
    const result = computePlazo(state, calendar, now);
    if (!result.ok) throw unprocessable('plazo-change-refused', result.message, { plazoId: state.plazoId });
    return result.value;
  };
}
