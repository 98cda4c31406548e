import { Temporal } from 'temporal-polyfill';
import type { CalendarSet } from '../calendar/calendar-set.ts';
import { DayExaminer, MAX_INHABIL_RUN } from '../calendar/day-examiner.ts';
import { calendarScope, contextProblem } from '../calendar/day-status.ts';
import { spanishDate, spanishMonth, spanishZone } from '../calendar/spanish-date.ts';
import { failure, success, type Outcome } from '../outcome.ts';
import { MAX_HOURS, formatLegalDuration } from '../parse-legal-duration.ts';
import type { DueDate, DueRequest, LegalTimePolicy, LegalUnit, SedeTimeZone } from '../types.ts';
import { DEFAULT_POLICY } from './default-policy.ts';
import { provisionalLines, scopeLines, skippedLines, triggerPhrase } from './explanation-lines.ts';

const UNITS: readonly LegalUnit[] = ['HORAS', 'DIAS_HABILES', 'DIAS_NATURALES', 'MESES', 'ANOS'];
const ZONES: readonly SedeTimeZone[] = ['Europe/Madrid', 'Atlantic/Canary'];
/** A bound on the amount so that a typing slip cannot make a count run for ever; no plazo in Ley 39/2015 comes near it. */
const MAX_AMOUNT = 10_000;

/** What a count found: the last day, the instant it ends, and the lines between the first and the last. */
interface Count {
  date: Temporal.PlainDate;
  endsAt: Temporal.ZonedDateTime;
  articles: string[];
  lines: string[];
}

/** The last instant of a day in the sede's zone: plazos in days, months and years end at 23:59:59.999 (C.0). */
export function endOfDay(date: Temporal.PlainDate, timeZone: SedeTimeZone): Temporal.ZonedDateTime {
  return date.add({ days: 1 }).toZonedDateTime(timeZone).subtract({ milliseconds: 1 });
}

/** An instant as the package writes it: ISO with the sede's offset and no zone name. */
export function isoInstant(instant: Temporal.ZonedDateTime): string {
  return instant.toString({ timeZoneName: 'never' });
}

/**
 * Reads an instant (ISO with an offset or Z) on the sede's clock (art. 31.2: the sede's official
 * date and time govern), or says why it cannot.
 */
export function readInstant(text: string, timeZone: SedeTimeZone, what: string): Outcome<Temporal.ZonedDateTime> {
  if (!ZONES.includes(timeZone)) return failure(`the time zone must be Europe/Madrid or Atlantic/Canary, not "${String(timeZone)}"`);
  try {
    return success(Temporal.Instant.from(text).toZonedDateTimeISO(timeZone));
  } catch {
    return failure(`the ${what} "${text}" is not an ISO instant with an offset or Z (e.g. 2026-03-25T10:00:00+01:00)`);
  }
}

/**
 * The due date of a plazo (art. 30): días hábiles, horas, días naturales, meses or años from the
 * trigger, on the calendars of the context, with the explanation of every step. FINAL only when
 * every day examined lies in a verified dataset at every level that applies; PROVISIONAL
 * otherwise, still computed with what is known (ADR 0016: fail closed).
 */
export function computeDue(request: DueRequest, set: CalendarSet, policy: Partial<LegalTimePolicy> = {}): Outcome<DueDate> {
  const { duration, context } = request;
  if (!UNITS.includes(duration.unit)) return failure(`unknown unit "${String(duration.unit)}"; use one of ${UNITS.join(', ')}`);
  if (!Number.isSafeInteger(duration.value) || duration.value < 1) return failure(`the amount must be a positive whole number, not ${duration.value}`);
  if (duration.value > MAX_AMOUNT) return failure(`the amount ${duration.value} is beyond any legal plazo (at most ${MAX_AMOUNT})`);
  // art. 30.1: a plazo in hours is at most 24; a longer one is stated in days.
  if (duration.unit === 'HORAS' && duration.value > MAX_HOURS)
    return failure(`a plazo in hours is at most ${MAX_HOURS} hours (art. 30.1); state a longer one in days`);
  const problem = contextProblem(context);
  if (problem) return failure(problem);
  const trigger = readInstant(request.trigger, context.timeZone, 'trigger');
  if (!trigger.ok) return trigger;

  const scope = calendarScope(context);
  const examiner = new DayExaminer(context, set, scope);
  const effective = { ...DEFAULT_POLICY, ...policy };
  let count: Count;
  try {
    count = countUnits(request, trigger.value, examiner, effective);
  } catch (error) {
    if (error instanceof RangeError) return failure(`cannot count ${formatLegalDuration(duration)} from ${request.trigger}: ${error.message}`);
    throw error;
  }

  const calendars = examiner.uses();
  const articles = [
    ...new Set([
      ...count.articles,
      ...(scope === 'ART_30_6' ? ['art. 30.6'] : []),
      ...(context.channel === 'ELECTRONIC' && context.residence ? ['art. 31.3'] : []),
    ]),
  ];
  const time = duration.unit === 'HORAS' ? count.endsAt.toPlainTime().toString({ smallestUnit: 'minute' }) : '23:59:59';
  const lines = [
    ...count.lines.slice(0, 1),
    ...scopeLines(context, scope === 'ART_30_6'),
    ...count.lines.slice(1),
    ...provisionalLines(calendars, set),
    `Vence el ${spanishDate(count.date)} a las ${time} (${spanishZone(context.timeZone)}).`,
  ];
  return success({
    status: examiner.isFinal() ? 'FINAL' : 'PROVISIONAL',
    date: count.date.toString(),
    endsAt: isoInstant(count.endsAt),
    explanation: { skipped: examiner.skipped, calendars, articles, lines },
  });
}

function countUnits(request: DueRequest, trigger: Temporal.ZonedDateTime, examiner: DayExaminer, policy: LegalTimePolicy): Count {
  const { value, unit } = request.duration;
  switch (unit) {
    case 'DIAS_HABILES':
      return countWorkingDays(request, trigger, examiner);
    case 'HORAS':
      return countHours(request, trigger, examiner);
    case 'MESES':
      return countMonths(request, trigger, value, examiner);
    case 'ANOS':
      // art. 30.4: a plazo in years is counted as 12 months each.
      return countMonths(request, trigger, value * 12, examiner);
    case 'DIAS_NATURALES':
      return countNaturalDays(request, trigger, examiner, policy);
  }
}

/** art. 30.2: días hábiles exclude Saturdays, Sundays and declared holidays; art. 30.3: counted from the day after the trigger. */
function countWorkingDays(request: DueRequest, trigger: Temporal.ZonedDateTime, examiner: DayExaminer): Count {
  const from = trigger.toPlainDate();
  let day = from;
  let counted = 0;
  let run = 0;
  while (counted < request.duration.value) {
    day = day.add({ days: 1 });
    if (examiner.examine(day).habil) {
      counted++;
      run = 0;
    } else if (++run > MAX_INHABIL_RUN) {
      throw new RangeError(`no día hábil in the ${MAX_INHABIL_RUN} days from ${day.toString()}: the calendars loaded mark every day inhábil`);
    }
  }
  const first = `${formatLegalDuration(request.duration)} desde ${triggerPhrase(from, request.triggerKind)}: el cómputo empieza el día siguiente (art. 30.2).`;
  return { date: day, endsAt: endOfDay(day, request.context.timeZone), articles: ['art. 30.2'], lines: [first, ...skippedLines(examiner.skipped)] };
}

/**
 * art. 30.1: hours are hábiles, every hour of a día hábil is hábil; counted minute by minute from
 * the trigger's minute, skipping whole inhábil days. A trigger on an inhábil day starts the count
 * at 00:00 of the next día hábil.
 */
function countHours(request: DueRequest, trigger: Temporal.ZonedDateTime, examiner: DayExaminer): Count {
  const timeZone = request.context.timeZone;
  let start = trigger.round({ smallestUnit: 'minute', roundingMode: 'trunc' });
  let day = start.toPlainDate();
  let remaining = request.duration.value * 60;
  let run = 0;
  for (;;) {
    if (!examiner.examine(day).habil) {
      if (++run > MAX_INHABIL_RUN) throw new RangeError(`no día hábil in the ${MAX_INHABIL_RUN} days from ${day.toString()}`);
      day = day.add({ days: 1 });
      start = day.toZonedDateTime(timeZone);
      continue;
    }
    run = 0;
    // Day boundaries in the sede's zone, in real minutes (a daylight-saving day has 23 or 25 hours).
    const nextDay = day.add({ days: 1 }).toZonedDateTime(timeZone);
    const available = (nextDay.epochMilliseconds - start.epochMilliseconds) / 60_000;
    if (remaining <= available) {
      // Ending exactly at midnight ends the day itself: its last millisecond, like a plazo in days.
      const endsAt = remaining === available ? nextDay.subtract({ milliseconds: 1 }) : start.add({ minutes: remaining });
      const first = `${formatLegalDuration(request.duration)} desde ${triggerPhrase(trigger.toPlainDate(), request.triggerKind)} a las ${trigger.toPlainTime().toString({ smallestUnit: 'minute' })}: se cuentan minuto a minuto las horas de los días hábiles (art. 30.1).`;
      return { date: day, endsAt, articles: ['art. 30.1'], lines: [first, ...skippedLines(examiner.skipped)] };
    }
    remaining -= available;
    day = day.add({ days: 1 });
    start = nextDay;
  }
}

/**
 * art. 30.4: a plazo in months ends on the same day number as the trigger in the expiry month, or
 * on that month's last day when it has no such day; art. 30.5: an inhábil last day moves to the
 * next día hábil, as many times as needed.
 */
function countMonths(request: DueRequest, trigger: Temporal.ZonedDateTime, months: number, examiner: DayExaminer): Count {
  const from = trigger.toPlainDate();
  // Temporal's default overflow 'constrain' is the clamp to the month's last day.
  const raw = from.add({ months });
  const due = examiner.firstHabilFrom(raw);
  const lines = [
    `${formatLegalDuration(request.duration)} desde ${triggerPhrase(from, request.triggerKind)}: vence el mismo día del mes de vencimiento (art. 30.4).`,
  ];
  lines.push(
    raw.day === from.day
      ? `Ese día es el ${spanishDate(raw)}.`
      : `${capitalise(spanishMonth(raw))} de ${raw.year} no tiene día ${from.day}: vence el último día del mes, el ${spanishDate(raw)} (art. 30.4).`,
  );
  const articles = ['art. 30.4'];
  if (!due.equals(raw)) {
    articles.push('art. 30.5');
    lines.push(`El último día es inhábil: el plazo pasa al primer día hábil siguiente (art. 30.5).`, ...skippedLines(examiner.skipped));
  }
  return { date: due, endsAt: endOfDay(due, request.context.timeZone), articles, lines };
}

/**
 * art. 30.2, second paragraph: días naturales count every day from the day after the trigger;
 * art. 30.5 moves an inhábil last day to the next hábil one when the policy reads it so (C.5, [D]).
 */
function countNaturalDays(request: DueRequest, trigger: Temporal.ZonedDateTime, examiner: DayExaminer, policy: LegalTimePolicy): Count {
  const from = trigger.toPlainDate();
  const raw = from.add({ days: request.duration.value });
  const lines = [
    `${formatLegalDuration(request.duration)} desde ${triggerPhrase(from, request.triggerKind)}: cuentan todos los días desde el siguiente; el último es el ${spanishDate(raw)} (art. 30.2).`,
  ];
  const articles = ['art. 30.2'];
  const due = policy.extendNaturalDaysOnInhabil ? examiner.firstHabilFrom(raw) : raw;
  if (!due.equals(raw)) {
    articles.push('art. 30.5');
    lines.push(`El último día es inhábil: el plazo pasa al primer día hábil siguiente (art. 30.5).`, ...skippedLines(examiner.skipped));
  }
  return { date: due, endsAt: endOfDay(due, request.context.timeZone), articles, lines };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
