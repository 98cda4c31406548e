import { Temporal } from 'temporal-polyfill';
import type { CalendarSet } from '../calendar/calendar-set.ts';
import { calendarScope, dayStatus } from '../calendar/day-status.ts';
import type { CalendarContext, DueDate } from '../types.ts';

export type TrafficLight = 'IN_TIME' | 'NEAR' | 'OVERDUE' | 'SUSPENDED';

/** A plazo is near its end with this many días hábiles or fewer left (ADR 0016). */
export const NEAR_HABILES = 3;

function instant(text: string, what: string): Temporal.Instant {
  try {
    return Temporal.Instant.from(text);
  } catch {
    throw new RangeError(`${what} "${text}" is not an ISO instant with an offset or Z`);
  }
}

/**
 * The días hábiles left: from today (counted while it lasts) to the due date, both included, on
 * the plazo's calendars; 0 once the plazo has ended. Stops counting at `limit` when given.
 */
export function habilesLeft(due: DueDate, now: string, context: CalendarContext, set: CalendarSet, limit = Number.POSITIVE_INFINITY): number {
  const at = instant(now, 'now');
  if (Temporal.Instant.compare(at, instant(due.endsAt, 'due.endsAt')) > 0) return 0;
  const scope = calendarScope(context);
  const last = Temporal.PlainDate.from(due.date);
  let day = at.toZonedDateTimeISO(context.timeZone).toPlainDate();
  let count = 0;
  while (Temporal.PlainDate.compare(day, last) <= 0 && count < limit) {
    if (dayStatus(day, context, set, scope).habil) count++;
    day = day.add({ days: 1 });
  }
  return count;
}

/**
 * The traffic light of a plazo (ADR 0016): SUSPENDED with no due date (art. 22), OVERDUE once it
 * ended, NEAR with three días hábiles or fewer left or in the last quarter of the plazo (when its
 * start is given), IN_TIME otherwise.
 */
export function trafficLight(due: DueDate | null, now: string, context: CalendarContext, set: CalendarSet, startedAt?: string): TrafficLight {
  if (due === null) return 'SUSPENDED';
  const at = instant(now, 'now');
  const end = instant(due.endsAt, 'due.endsAt');
  if (Temporal.Instant.compare(at, end) > 0) return 'OVERDUE';
  if (habilesLeft(due, now, context, set, NEAR_HABILES + 1) <= NEAR_HABILES) return 'NEAR';
  if (startedAt !== undefined) {
    const start = instant(startedAt, 'startedAt');
    const total = end.epochMilliseconds - start.epochMilliseconds;
    if (total > 0 && at.epochMilliseconds - start.epochMilliseconds >= total * 0.75) return 'NEAR';
  }
  return 'IN_TIME';
}

/** What is left of a plazo, in Spanish: `quedan 4 días hábiles`, `vence hoy`, `vencido hace 2 días`, `plazo suspendido`. */
export function timeLeft(due: DueDate | null, now: string, context: CalendarContext, set: CalendarSet): string {
  if (due === null) return 'plazo suspendido';
  const at = instant(now, 'now');
  const today = at.toZonedDateTimeISO(context.timeZone).toPlainDate();
  if (Temporal.Instant.compare(at, instant(due.endsAt, 'due.endsAt')) > 0) {
    const ago = Temporal.PlainDate.from(due.date).until(today, { largestUnit: 'days' }).days;
    if (ago === 0) return 'vencido hoy';
    return ago === 1 ? 'vencido hace 1 día' : `vencido hace ${ago} días`;
  }
  if (Temporal.PlainDate.compare(today, due.date) === 0) return 'vence hoy';
  const left = habilesLeft(due, now, context, set);
  return left === 1 ? 'queda 1 día hábil' : `quedan ${left} días hábiles`;
}
