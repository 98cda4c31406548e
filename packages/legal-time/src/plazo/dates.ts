import { Temporal } from 'temporal-polyfill';
import { failure, success, type Outcome } from '../outcome.ts';

const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True when the text is a calendar date (`YYYY-MM-DD`) rather than an instant. */
export function isPlainDate(text: string): boolean {
  return PLAIN_DATE.test(text);
}

/**
 * The date of an ISO date or instant in the sede's zone (art. 31.2: the sede's official time
 * governs). `what` names the field in the message when the text cannot be read.
 */
export function dateIn(text: string, timeZone: string, what: string): Outcome<Temporal.PlainDate> {
  try {
    if (isPlainDate(text)) return success(Temporal.PlainDate.from(text, { overflow: 'reject' }));
    return success(Temporal.Instant.from(text).toZonedDateTimeISO(timeZone).toPlainDate());
  } catch {
    return failure(`${what} "${text}" is neither a date (YYYY-MM-DD) nor an ISO instant with offset`);
  }
}

/**
 * Whether a moment (ISO date or instant) lies after the end of a plazo. A bare date lies after it
 * only when it is a later day: a date says "that day", and the whole day is inside the plazo.
 */
export function isAfterEnd(moment: string, end: { date: string; endsAt: string }): boolean {
  if (isPlainDate(moment)) return Temporal.PlainDate.compare(Temporal.PlainDate.from(moment), Temporal.PlainDate.from(end.date)) > 0;
  return Temporal.Instant.compare(Temporal.Instant.from(moment), Temporal.Instant.from(end.endsAt)) > 0;
}

/** Reads an ISO date or instant, or says why it cannot. */
export function checkMoment(text: string, what: string): Outcome<void> {
  const read = dateIn(text, 'UTC', what);
  return read.ok ? success(undefined) : failure(read.message);
}

/** The instant a plazo in days ends: 23:59:59.999 of `date` in the sede's zone (art. 31.2), ISO with offset. */
export function endOfDay(date: string | Temporal.PlainDate, timeZone: string): string {
  const day = typeof date === 'string' ? Temporal.PlainDate.from(date) : date;
  return day.toZonedDateTime({ timeZone, plainTime: '23:59:59.999' }).toString({ timeZoneName: 'never' });
}

/** The first instant of `date` in the sede's zone, ISO with offset. */
export function startOfDay(date: string | Temporal.PlainDate, timeZone: string): string {
  const day = typeof date === 'string' ? Temporal.PlainDate.from(date) : date;
  return day.toZonedDateTime({ timeZone }).toString({ timeZoneName: 'never' });
}

/** `1 día`, `12 días`. */
export function days(n: number): string {
  return n === 1 ? '1 día' : `${n} días`;
}

/** An instant for a count's trigger: a bare date stands for its first instant in the sede's zone. */
export function asInstant(text: string, timeZone: string): string {
  return isPlainDate(text) ? startOfDay(text, timeZone) : text;
}
