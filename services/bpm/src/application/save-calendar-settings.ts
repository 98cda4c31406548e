import type { CalendarSettings, OrganismCalendarResource } from '@tramita/contracts';
import { afterCalendarChange, requireCalendarManager, type CalendarChangeDeps, type CalendarChanger } from './get-organism-calendar.ts';
import { organismCalendar } from './legal-calendar.ts';

/**
 * States the organism's seat (its community and, for a municipal organ, its municipality) and the
 * sede's zone: which holidays its plazos skip (art. 30.7) and its official time (art. 31.2). A
 * different seat or zone counts its open plazos again; saving the same one only records it.
 */
export async function saveCalendarSettings(deps: CalendarChangeDeps, who: CalendarChanger, settings: CalendarSettings): Promise<OrganismCalendarResource> {
  requireCalendarManager(who.caller, who.organism, deps.defaultOrganism);
  const before = await organismCalendar(deps.calendars, who.organism, deps.calendarDefaults);
  await deps.calendars.saveSettings({ organism: who.organism, ...settings, updatedAt: deps.clock.now(), updatedBy: who.actor });
  const moved = before.seat.community !== settings.community || before.seat.municipality !== settings.municipality || before.timeZone !== settings.timeZone;
  return afterCalendarChange(deps, who, { action: 'calendar.settings', reason: 'sede del organismo cambiada', details: { ...settings }, recount: moved });
}
