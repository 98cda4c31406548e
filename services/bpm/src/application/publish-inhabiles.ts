import type { InhabilesCalendarResource } from '@tramita/contracts';
import { dayStatus, type CalendarContext, type CalendarUse } from '@tramita/legal-time';
import { Temporal } from 'temporal-polyfill';
import { organismNotFound } from './get-organism-calendar.ts';
import { organismCalendar, type CalendarDefaults } from './legal-calendar.ts';
import type { BpmRepositories } from './ports.ts';

export interface PublishInhabilesDeps extends Pick<BpmRepositories, 'calendars' | 'plazos' | 'procedures'> {
  calendarDefaults: CalendarDefaults;
  defaultOrganism: string;
}

/** The published calendar, and the day its data was last published in a bulletin (an iCalendar's DTSTAMP; null when no source says). */
export interface PublishedInhabiles {
  calendar: InhabilesCalendarResource;
  publishedOn: string | null;
}

export const WEEKEND_NOTE = 'Los sábados y domingos son también días inhábiles (art. 30.2 de la Ley 39/2015).';

/**
 * Whether bpm knows the organism: it stated its calendar, corrected it, has open plazos or its own
 * procedures, or is the platform's own. The public calendar answers only for those, so that it
 * cannot be used to probe which organisms exist.
 */
async function isKnown(deps: PublishInhabilesDeps, organism: string): Promise<boolean> {
  if (organism === deps.defaultOrganism) return true;
  if ((await deps.calendars.settings(organism)) !== null) return true;
  if ((await deps.calendars.corrections(organism)).length > 0) return true;
  if ((await deps.plazos.openOfOrganism(organism)).length > 0) return true;
  return (await deps.procedures.list([organism])).some((procedure) => procedure.organism === organism);
}

/**
 * The organ's calendar of días inhábiles for a year, as its sede publishes it (art. 31.3 Ley
 * 39/2015): every weekday that is inhábil at its seat (the national, community and local holidays,
 * art. 30.7) with its reasons and bulletins, and the datasets consulted. PROVISIONAL when one of
 * them is missing or still a draft: dates counted on it are not final. Public: no caller.
 */
export async function publishInhabiles(deps: PublishInhabilesDeps, organism: string, year: number): Promise<PublishedInhabiles> {
  if (!(await isKnown(deps, organism))) throw organismNotFound(organism);
  const calendar = await organismCalendar(deps.calendars, organism, deps.calendarDefaults);
  // art. 31.3: the sede's calendar alone, whatever any interested party's residence.
  const context: CalendarContext = { seat: calendar.seat, residence: null, channel: 'ELECTRONIC', timeZone: calendar.timeZone };
  const days: InhabilesCalendarResource['days'] = [];
  let uses: CalendarUse[] = [];
  const last = Temporal.PlainDate.from({ year, month: 12, day: 31 });
  for (let day = Temporal.PlainDate.from({ year, month: 1, day: 1 }); Temporal.PlainDate.compare(day, last) <= 0; day = day.add({ days: 1 })) {
    const status = dayStatus(day, context, calendar.set, 'SEDE');
    uses = status.uses;
    // Saturdays and Sundays are inhábiles anyway (the note says so); the list gives the weekdays.
    if (day.dayOfWeek <= 5 && !status.habil) days.push({ date: day.toString(), reasons: status.reasons });
  }
  const consulted = uses.map((use) => (use.status === 'MISSING' ? null : calendar.set.latest(use.year, use.territory))).filter((dataset) => dataset !== null);
  const publishedOn =
    consulted
      .flatMap((dataset) => dataset.sources.map((source) => source.publishedOn))
      .filter((date) => date !== null)
      .sort()
      .at(-1) ?? null;
  return {
    calendar: {
      organism,
      organismName: null,
      year,
      seat: calendar.seat,
      timeZone: calendar.timeZone,
      status: uses.every((use) => use.status === 'VERIFIED') ? 'FINAL' : 'PROVISIONAL',
      note: WEEKEND_NOTE,
      days,
      calendars: uses,
    },
    publishedOn,
  };
}
