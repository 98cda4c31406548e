import {
  parseLegalDuration,
  calendarSet,
  computeDue,
  type CalendarContext,
  type CalendarDataset,
  type CalendarSet,
  type SedeTimeZone,
} from '@tramita/legal-time';
import { SHIPPED_CALENDARS } from '@tramita/legal-time/calendars';
import { Temporal } from 'temporal-polyfill';
import type { PlazoCounter } from '@tramita/bpmn';
import type { CalendarRepository } from '../domain/calendar-repository.ts';
import type { PlazoContextRecord } from '../domain/plazo-repository.ts';

/** The seat of organisms that have not stated theirs (configuration: BPM_CALENDAR_SEAT). */
export interface CalendarDefaults {
  community: string;
  municipality: string | null;
  timeZone: SedeTimeZone;
}

/** An organism's calendar: its seat, and the shipped datasets overlaid by its own corrections (ADR 0016). */
export interface OrganismCalendar {
  organism: string;
  seat: { community: string; municipality: string | null };
  timeZone: SedeTimeZone;
  /** False: the organism has not stated its seat; the installation's default applies. */
  configured: boolean;
  /** The organism's corrections (every version), on top of the shipped datasets. */
  corrections: CalendarDataset[];
  /** Who proposed each correction (user name), for the rule that a second person approves it. */
  proposers: ReadonlyMap<CalendarDataset, string>;
  set: CalendarSet;
}

/** Reads an organism's calendar: shipped data plus its corrections (a correction is a later version, so it decides). */
export async function organismCalendar(calendars: CalendarRepository, organism: string, defaults: CalendarDefaults): Promise<OrganismCalendar> {
  const [settings, corrections] = await Promise.all([calendars.settings(organism), calendars.corrections(organism)]);
  const datasets = corrections.map((correction) => correction.dataset);
  return {
    organism,
    seat: settings
      ? { community: settings.community, municipality: settings.municipality }
      : { community: defaults.community, municipality: defaults.municipality },
    timeZone: settings?.timeZone ?? defaults.timeZone,
    configured: settings !== null,
    corrections: datasets,
    proposers: new Map(corrections.map((correction) => [correction.dataset, correction.proposedBy.username])),
    set: calendarSet([...SHIPPED_CALENDARS, ...datasets]),
  };
}

/** Today's date at the seat: art. 31.2 makes the sede's official time decide which day (and year) it is. */
export function seatToday(now: Date, timeZone: SedeTimeZone): Temporal.PlainDate {
  return Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(timeZone).toPlainDate();
}

/**
 * The context an expediente's plazos count in: the organism's seat, and the interested party's
 * residence and channel when stated (art. 30.6 applies only to acts not done electronically, art. 31.3).
 */
export function calendarContextOf(calendar: OrganismCalendar, context: PlazoContextRecord | null): CalendarContext {
  return {
    seat: calendar.seat,
    residence: context?.residence ?? null,
    channel: context?.channel ?? 'ELECTRONIC',
    timeZone: calendar.timeZone,
  };
}

/** The engine's count of `tramita:plazo` texts, on the expediente's calendar (its failures become incidents). */
export function plazoCounter(calendar: OrganismCalendar, context: CalendarContext): PlazoCounter {
  return (text, from) => {
    const duration = parseLegalDuration(text);
    if (!duration.ok) return duration;
    const due = computeDue({ trigger: from.toISOString(), duration: duration.value, context }, calendar.set);
    return due.ok ? { ok: true, value: new Date(due.value.endsAt) } : due;
  };
}
