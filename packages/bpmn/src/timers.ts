import type { Outcome, Variables } from './engine-api.ts';
import type { TemporalContext } from './evaluate-expression.ts';
import { checkValue, resolveValue } from './expressions.ts';
import { isWrappedExpression } from './expression-parser.ts';
import type { TimerDefinition } from './model.ts';
import { parseLegalDuration } from '@tramita/legal-time';

/**
 * Timers and due dates: ISO 8601 durations, dates and repeating cycles, parsed here by hand.
 * Parsers found on npm silently read `R3/PT10H` as `PT10H` (bpmn-subset.md §3.3), which would
 * turn a reminder repeated three times into a single one, so cycles are split here too.
 */

/** An ISO 8601 duration. Years and months are whole numbers; the other parts may carry a fraction (`PT0.05S`). */
export interface IsoDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** Counts a duration in working time (legal time, Ley 39/2015 art. 30); a later issue provides the calendars. */
export interface BusinessCalendar {
  add(from: Date, duration: IsoDuration): Date;
}

/** A repeating timer: every `duration`, `repetitions` times (null: without end), from `start` (null: from when the timer starts). */
export interface IsoCycle {
  repetitions: number | null;
  start: Date | null;
  duration: IsoDuration;
}

const CRON_MESSAGE = 'cron cycles are not supported; write an ISO 8601 cycle such as R3/PT10H';

const NUMBER = '(\\d+(?:[.,]\\d+)?)';
const DURATION = new RegExp(`^P(?:(\\d+)Y)?(?:(\\d+)M)?(?:${NUMBER}W)?(?:${NUMBER}D)?(?:T(?:${NUMBER}H)?(?:${NUMBER}M)?(?:${NUMBER}S)?)?$`);

function quoted(text: string): string {
  return JSON.stringify(text.length > 60 ? text.slice(0, 60) + '…' : text);
}

function amount(part: string | undefined): number {
  return part === undefined ? 0 : Number(part.replace(',', '.'));
}

/** `PnYnMnWnDTnHnMnS`; at least one part, and `T` only with a time part after it. */
export function parseDuration(text: string): Outcome<IsoDuration> {
  const match = DURATION.exec(text);
  const valid = match !== null && match.slice(1).some((part) => part !== undefined) && !text.endsWith('T');
  if (!valid || match === null) {
    return { ok: false, message: `${quoted(text)} is not an ISO 8601 duration (write e.g. P10D, PT2H, P2W or PT0.5S)` };
  }
  const [, years, months, weeks, days, hours, minutes, seconds] = match;
  return {
    ok: true,
    value: {
      years: amount(years),
      months: amount(months),
      weeks: amount(weeks),
      days: amount(days),
      hours: amount(hours),
      minutes: amount(minutes),
      seconds: amount(seconds),
    },
  };
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * `YYYY-MM-DD` or `YYYY-MM-DDThh:mm[:ss[.fff]]` with `Z` or an offset. A date without a time is
 * midnight UTC: the engine runs in no particular time zone, so a bare date must not depend on the
 * server's. A date-time without an offset is refused for the same reason.
 */
export function parseDateTime(text: string): Outcome<Date> {
  const match = DATE_TIME.exec(text);
  const refuse = (why: string): Outcome<Date> => ({ ok: false, message: `${quoted(text)} is not an ISO 8601 date-time: ${why}` });
  if (match === null) return refuse('write e.g. 2025-03-31, 2025-03-31T09:00:00Z or 2025-03-31T09:00:00+01:00');
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12) return refuse(`there is no month ${month}`);
  if (day < 1 || day > daysInMonth(year, month)) return refuse(`there is no day ${day} in that month`);
  if (h === undefined) return { ok: true, value: new Date(Date.UTC(year, month - 1, day)) };
  if (zone === undefined) return refuse('a date-time needs `Z` or an offset such as +01:00');
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (hour > 23 || minute > 59 || second > 59) return refuse('the time is out of range');
  const milliseconds = fraction === undefined ? 0 : Math.round(Number('0.' + fraction) * 1000);
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMins = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (offsetHours > 18 || offsetMins > 59) return refuse('the offset is out of range');
    offsetMinutes = sign * (offsetHours * 60 + offsetMins);
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, milliseconds) - offsetMinutes * 60_000;
  return { ok: true, value: new Date(utc) };
}

function looksLikeCron(text: string): boolean {
  return /\s/.test(text.trim()) || /[*?]/.test(text);
}

/** `R/<duration>`, `R<n>/<duration>`, `R<n>/<start>/<duration>` (and `R/<start>/<duration>`). */
export function parseCycle(text: string): Outcome<IsoCycle> {
  if (looksLikeCron(text)) return { ok: false, message: CRON_MESSAGE };
  const parts = text.split('/');
  const refuse = (why: string): Outcome<IsoCycle> => ({ ok: false, message: `${quoted(text)} is not an ISO 8601 cycle: ${why}` });
  const head = /^R(\d*)$/.exec(parts[0] ?? '');
  if (head === null || parts.length < 2 || parts.length > 3) return refuse('write R/<duration>, R<n>/<duration> or R<n>/<start>/<duration>, e.g. R3/PT10H');
  const repetitions = head[1] === '' ? null : Number(head[1]);
  if (repetitions === 0) return refuse('R0 never fires');
  let start: Date | null = null;
  if (parts.length === 3) {
    const parsedStart = parseDateTime(parts[1]!);
    if (!parsedStart.ok) return refuse(`its start ${parsedStart.message}`);
    start = parsedStart.value;
  }
  const duration = parseDuration(parts[parts.length - 1]!);
  if (!duration.ok) return refuse(`its period ${duration.message}`);
  return { ok: true, value: { repetitions, start, duration: duration.value } };
}

const MILLISECONDS = { weeks: 7 * 86_400_000, days: 86_400_000, hours: 3_600_000, minutes: 60_000, seconds: 1_000 };

/**
 * Calendar time: years and months move the calendar month (clamped: Jan 31 + P1M is the last day
 * of February), then weeks, days and the time part are added in UTC, where every day has 24 hours.
 */
export function addDuration(from: Date, duration: IsoDuration): Date {
  let date = from;
  const months = duration.years * 12 + duration.months;
  if (months !== 0) {
    const year = from.getUTCFullYear();
    const month = from.getUTCMonth() + months;
    const targetYear = year + Math.floor(month / 12);
    const targetMonth = ((month % 12) + 12) % 12;
    const day = Math.min(from.getUTCDate(), daysInMonth(targetYear, targetMonth + 1));
    date = new Date(Date.UTC(targetYear, targetMonth, day, from.getUTCHours(), from.getUTCMinutes(), from.getUTCSeconds(), from.getUTCMilliseconds()));
  }
  const rest =
    duration.weeks * MILLISECONDS.weeks +
    duration.days * MILLISECONDS.days +
    duration.hours * MILLISECONDS.hours +
    duration.minutes * MILLISECONDS.minutes +
    duration.seconds * MILLISECONDS.seconds;
  return new Date(date.getTime() + Math.round(rest));
}

function times(duration: IsoDuration, n: number): IsoDuration {
  return {
    years: duration.years * n,
    months: duration.months * n,
    weeks: duration.weeks * n,
    days: duration.days * n,
    hours: duration.hours * n,
    minutes: duration.minutes * n,
    seconds: duration.seconds * n,
  };
}

type Adder = (from: Date, duration: IsoDuration) => Date;

function adderFor(calendar: string | null, calendars: ReadonlyMap<string, BusinessCalendar> | undefined): Outcome<Adder> {
  if (calendar === null) return { ok: true, value: addDuration };
  const found = calendars?.get(calendar);
  if (found === undefined) return { ok: false, message: `unknown business calendar ${calendar}` };
  return { ok: true, value: (from, duration) => found.add(from, duration) };
}

function temporalContext(now: Date, add: Adder): TemporalContext {
  return {
    now,
    plus(base, durationText) {
      const start = typeof base === 'string' ? parseDateTime(base) : { ok: true as const, value: base };
      if (!start.ok) return start;
      const duration = parseDuration(durationText);
      return duration.ok ? { ok: true, value: add(start.value, duration.value) } : duration;
    },
  };
}

/** How far an estimated occurrence may be corrected, period by period, before the cycle is given up as unreadable. */
const MAX_CYCLE_STEPS = 100_000;

/** The (fired+1)th occurrence of the cycle at or after `from`; null once R<n> is exhausted. */
function cycleDue(cycle: IsoCycle, from: Date, fired: number, add: Adder): Outcome<Date | null> {
  const at = (i: number): Date => (i === 0 ? (cycle.start ?? from) : add(cycle.start ?? from, times(cycle.duration, i)));
  // Without a start the first occurrence is one period after the timer starts; with one it is the start itself.
  let first = 1;
  if (cycle.start !== null) {
    // Occurrences before `from` are past: estimate the first one at or after it from one period's length, then correct.
    const period = Math.max(1, add(cycle.start, cycle.duration).getTime() - cycle.start.getTime());
    first = Math.max(0, Math.floor((from.getTime() - cycle.start.getTime()) / period) - 1);
    let steps = 0;
    while (first > 0 && at(first - 1).getTime() >= from.getTime()) {
      if (++steps > MAX_CYCLE_STEPS) return { ok: false, message: "the cycle's next occurrence cannot be found" };
      first--;
    }
    while (at(first).getTime() < from.getTime()) {
      if (++steps > MAX_CYCLE_STEPS) return { ok: false, message: "the cycle's next occurrence cannot be found" };
      first++;
    }
  }
  const index = first + fired;
  const last = cycle.start === null ? (cycle.repetitions ?? Infinity) : (cycle.repetitions ?? Infinity) - 1;
  return { ok: true, value: index > last ? null : at(index) };
}

/** A resolved timer or due-date value: a Date, a date-time text or a duration text. */
function fromValue(value: unknown, from: Date, add: Adder): Outcome<Date> {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? { ok: false, message: 'the expression gave an invalid date' } : { ok: true, value };
  if (typeof value !== 'string')
    return { ok: false, message: `the expression gave ${value === null ? 'null' : 'a ' + typeof value}, not a date or a duration` };
  const text = value.trim();
  if (text.startsWith('P')) {
    const duration = parseDuration(text);
    return duration.ok ? { ok: true, value: add(from, duration.value) } : duration;
  }
  if (/^\d{4}-/.test(text)) return parseDateTime(text);
  return { ok: false, message: `${quoted(text)} is neither an ISO 8601 duration (P10D, PT2H) nor a date-time (2025-03-31T09:00:00Z)` };
}

/** Deploy-time check of a timer as written: the problem, or null. Expressions are checked for form only. */
export function checkTimer(timer: TimerDefinition): string | null {
  const text = timer.text.trim();
  if (text === '') return `the timer's ${timer.form} is empty`;
  if (timer.form === 'plazo') {
    const plazo = parseLegalDuration(text);
    return plazo.ok ? null : plazo.message;
  }
  if (isWrappedExpression(text)) return checkValue(text);
  switch (timer.form) {
    case 'duration': {
      const duration = parseDuration(text);
      return duration.ok ? null : duration.message;
    }
    case 'date': {
      const date = parseDateTime(text);
      return date.ok ? null : date.message;
    }
    case 'cycle': {
      const cycle = parseCycle(text);
      return cycle.ok ? null : cycle.message;
    }
  }
}

/**
 * When a timer started at `from` is next due, `fired` earlier firings counted. A duration or a date
 * fires once (null after); a cycle fires at each period until R<n> is used up. An expression is
 * resolved first (`now()` is `from`) and may give a date-time, a duration or, for a cycle, a cycle.
 */
export function timerDue(
  timer: TimerDefinition,
  from: Date,
  fired: number,
  variables: Variables,
  calendars?: ReadonlyMap<string, BusinessCalendar>,
): Outcome<Date | null> {
  // A plazo in legal units is counted by the host's legal calendar (engine-services.ts).
  if (timer.form === 'plazo') return { ok: false, message: `the plazo ${quoted(timer.text)} needs a legal calendar, and none was given` };
  const add = adderFor(timer.calendar, calendars);
  if (!add.ok) return add;
  const text = timer.text.trim();
  if (isWrappedExpression(text)) {
    const value = resolveValue(text, variables, temporalContext(from, add.value));
    if (!value.ok) return value;
    if (timer.form === 'cycle' && typeof value.value === 'string' && (value.value.trim().startsWith('R') || looksLikeCron(value.value))) {
      const cycle = parseCycle(value.value.trim());
      return cycle.ok ? cycleDue(cycle.value, from, fired, add.value) : cycle;
    }
    if (fired > 0) return { ok: true, value: null };
    return fromValue(value.value, from, add.value);
  }
  switch (timer.form) {
    case 'duration': {
      const duration = parseDuration(text);
      if (!duration.ok) return duration;
      return { ok: true, value: fired > 0 ? null : add.value(from, duration.value) };
    }
    case 'date': {
      const date = parseDateTime(text);
      if (!date.ok) return date;
      return { ok: true, value: fired > 0 ? null : date.value };
    }
    case 'cycle': {
      const cycle = parseCycle(text);
      return cycle.ok ? cycleDue(cycle.value, from, fired, add.value) : cycle;
    }
  }
}

/** A user task's due date from its `dueDate` text: a date-time, a duration from `created`, or an expression giving either. */
export function taskDue(
  text: string,
  calendar: string | null,
  created: Date,
  variables: Variables,
  calendars?: ReadonlyMap<string, BusinessCalendar>,
): Outcome<Date> {
  const add = adderFor(calendar, calendars);
  if (!add.ok) return add;
  const trimmed = text.trim();
  if (!isWrappedExpression(trimmed)) return fromValue(trimmed, created, add.value);
  const value = resolveValue(trimmed, variables, temporalContext(created, add.value));
  return value.ok ? fromValue(value.value, created, add.value) : value;
}
