import type { OrganismCalendarResource } from '@tramita/contracts';
import { conflict, notFound } from '@tramita/kernel';
import { afterCalendarChange, requireCalendarManager, type CalendarChangeDeps, type CalendarChanger } from './get-organism-calendar.ts';
import { organismCalendar } from './legal-calendar.ts';

const correctionNotFound = (key: { year: number; version: number }) =>
  notFound('calendar-correction-not-found', `The organism has no correction of its local calendar for ${key.year}, version ${key.version}.`, { ...key });
const notADraft = (key: { year: number; version: number }) =>
  conflict('not-a-draft', `The correction for ${key.year}, version ${key.version}, is already verified.`, { ...key });

/**
 * A second administrator approves a correction of the organism's local calendar: it becomes
 * VERIFIED with both names (a dataset used for FINAL dates was checked by two distinct people,
 * ADR 0016), and the organism's open plazos are counted on it. Whoever proposed it cannot approve
 * it, and a verified version is not approved twice.
 */
export async function approveCalendarCorrection(
  deps: CalendarChangeDeps,
  who: CalendarChanger,
  key: { year: number; version: number },
): Promise<OrganismCalendarResource> {
  requireCalendarManager(who.caller, who.organism, deps.defaultOrganism);
  // The route names the year and version; the territory is the seat's municipality, or the one
  // municipality a correction of that year and version was made for (the seat may have moved since).
  const calendar = await organismCalendar(deps.calendars, who.organism, deps.calendarDefaults);
  const candidates = calendar.corrections.filter((dataset) => dataset.year === key.year && dataset.version === key.version);
  const territory = candidates.find((dataset) => dataset.territory === calendar.seat.municipality)?.territory ?? candidates[0]?.territory;
  const correction = territory === undefined ? null : await deps.calendars.lockCorrection(who.organism, key.year, territory, key.version);
  if (!correction) throw correctionNotFound(key);
  if (correction.dataset.status !== 'DRAFT') throw notADraft(key);
  if (correction.proposedBy.username === who.actor.username) {
    throw conflict('same-approver', `${correction.proposedBy.username} proposed this correction: a second administrator must approve it.`, { ...key });
  }
  const approved = {
    ...correction,
    dataset: { ...correction.dataset, status: 'VERIFIED' as const, verifiedBy: [correction.proposedBy.username, who.actor.username] },
    approvedBy: who.actor,
    approvedAt: deps.clock.now(),
  };
  if (!(await deps.calendars.approveCorrection(approved))) throw notADraft(key);
  const reference = correction.dataset.sources.map((source) => source.reference).join('; ');
  return afterCalendarChange(deps, who, {
    action: 'calendar.correction.approve',
    reason: `calendario local corregido (${reference})`,
    details: { year: key.year, territory: correction.dataset.territory, version: key.version, proposedBy: correction.proposedBy.username, reference },
    recount: true,
  });
}
