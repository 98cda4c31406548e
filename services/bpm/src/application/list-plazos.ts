import type { FilePlazosResource } from '@tramita/contracts';
import type { Clock } from '@tramita/kernel';
import { rolesIn, type OrganismCaller } from '@tramita/platform';
import { Plazo } from '../domain/plazo.ts';
import type { CalendarDefaults } from './legal-calendar.ts';
import { plazoCalendarOf } from './plazo-access.ts';
import { plazoResource } from './plazo-view.ts';
import type { BpmRepositories } from './ports.ts';
import { locateProcess } from './process-lookup.ts';

/** An expediente's plazos with their due dates, explanations and history, and the calendar they count in. */
export async function listPlazos(
  deps: BpmRepositories & { clock: Clock; calendarDefaults: CalendarDefaults },
  fileCode: string,
  caller: OrganismCaller,
  organism?: string,
): Promise<FilePlazosResource> {
  const process = await locateProcess(deps.processes, fileCode, caller, { organism });
  const [plazos, calendar] = await Promise.all([deps.plazos.ofProcess(process.processId), plazoCalendarOf(deps, process, deps.calendarDefaults)]);
  const roles = rolesIn(caller.memberships, process.organism);
  const now = deps.clock.now();
  return {
    fileCode: process.fileCode,
    organism: process.organism,
    calendar: calendar.context,
    items: plazos.map((plazo) => plazoResource(plazo, Plazo.restore(plazo).managedBy(roles), now)),
  };
}
