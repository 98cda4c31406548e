import type { CalendarCorrectionRequest, OrganismCalendarResource } from '@tramita/contracts';
import { conflict, unprocessable } from '@tramita/kernel';
import { calendarSet, validateDataset, type CalendarDataset } from '@tramita/legal-time';
import { SHIPPED_CALENDARS } from '@tramita/legal-time/calendars';
import { afterCalendarChange, requireCalendarManager, type CalendarChangeDeps, type CalendarChanger } from './get-organism-calendar.ts';
import { organismCalendar } from './legal-calendar.ts';

const SHIPPED = calendarSet(SHIPPED_CALENDARS);

/**
 * An administrator proposes a correction of the organism's local holidays for a year (all its
 * days, with the bulletin that publishes them): a new version of its municipality's dataset above
 * every one known for that year, shipped or its own. It stays a DRAFT until a second
 * administrator approves it, but a draft already makes the dates it touches PROVISIONAL (fail
 * closed, ADR 0016), so the organism's open plazos are counted again now.
 */
export async function proposeCalendarCorrection(
  deps: CalendarChangeDeps,
  who: CalendarChanger,
  request: CalendarCorrectionRequest,
): Promise<OrganismCalendarResource> {
  requireCalendarManager(who.caller, who.organism, deps.defaultOrganism);
  const calendar = await organismCalendar(deps.calendars, who.organism, deps.calendarDefaults);
  const territory = calendar.seat.municipality;
  if (territory === null) {
    throw conflict('no-municipality', "The organism's seat names no municipality: state it in the calendar settings before correcting its local holidays.", {
      organism: who.organism,
    });
  }
  const known = calendar.set.versions(request.year, territory);
  const checked = validateDataset({
    year: request.year,
    territory,
    level: 'LOCAL',
    name: SHIPPED.territoryName(territory) ?? territory,
    version: Math.max(0, ...known.map((dataset) => dataset.version)) + 1,
    status: 'DRAFT',
    verifiedBy: [],
    sources: [request.source],
    days: request.days,
  } satisfies CalendarDataset);
  if (!checked.ok) throw unprocessable('calendar-correction-invalid', `The correction is not a valid calendar: ${checked.message}`, { year: request.year });
  const dataset = checked.value;
  const inserted = await deps.calendars.insertCorrection({
    organism: who.organism,
    dataset,
    proposedBy: who.actor,
    proposedAt: deps.clock.now(),
    approvedBy: null,
    approvedAt: null,
  });
  // Another administrator proposed the same version a moment ago: nothing of this one is written.
  if (!inserted) {
    throw conflict('calendar-correction-conflict', `Another correction of ${request.year} was proposed at the same time; reload the calendar and retry.`, {
      year: request.year,
    });
  }
  const reference = request.source.reference;
  return afterCalendarChange(deps, who, {
    action: 'calendar.correction.propose',
    reason: `corrección del calendario local propuesta (${reference})`,
    details: { year: dataset.year, territory, version: dataset.version, days: dataset.days.length, reference },
    recount: true,
  });
}
