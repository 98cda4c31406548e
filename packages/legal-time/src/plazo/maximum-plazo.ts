import { Temporal } from 'temporal-polyfill';
import type { CalendarSet } from '../calendar/calendar-set.ts';
import { DayExaminer } from '../calendar/day-examiner.ts';
import { calendarScope } from '../calendar/day-status.ts';
import { spanishDate, spanishMonth } from '../calendar/spanish-date.ts';
import { computeDue } from '../count/compute-due.ts';
import { provisionalLines } from '../count/explanation-lines.ts';
import { failure, success, type Outcome } from '../outcome.ts';
import { formatLegalDuration } from '../parse-legal-duration.ts';
import type { CalendarContext, DueDate, Explanation, LegalDuration, LegalTimePolicy } from '../types.ts';
import { asInstant, dateIn, days, endOfDay } from './dates.ts';
import { emptyExplanation, mergeExplanations, movedOverLines, statusOf, withDefaults } from './explanation.ts';
import { checkExtension, monthsOf } from './extension-limits.ts';
import { suspensionUnion, type ResolvedSuspension, type SuspensionInterval } from './suspension-intervals.ts';
import { SUSPENSION_CAUSES, type Extension, type Suspension } from './types.ts';

export interface MaximumPlazoInput {
  /** Dies a quo (art. 21.3): the registry entry's effective instant (art. 31.2.c) or the acuerdo de iniciación; ISO date or instant. */
  start: string;
  /** The procedure's maximum plazo (art. 21.2; 3 months when its regulation says nothing, art. 21.3). */
  plazo: LegalDuration;
  suspensions: readonly Suspension[];
  /** Art. 23 extensions only: art. 32 and 68.2 extend procedural plazos, not this one. */
  extensions: readonly Extension[];
  context: CalendarContext;
  /** The instant of the computation, optional: it ends an open 22.1.d suspension at its cap and refuses decisions dated later. */
  now?: string | null;
}

export interface MaximumPlazo {
  /** SUSPENDED while a suspension is open: the clock is stopped and the due date unknown. */
  state: 'RUNNING' | 'SUSPENDED';
  /** null while suspended ("plazo suspendido desde …"). */
  due: DueDate | null;
  /** The end before suspensions and art. 30.5 (art. 30.4 for months: the same day number, or the month's last day). */
  rawDue: string;
  /** Natural days in the union of the closed suspension intervals. */
  suspendedDays: number;
  /** The union of the suspensions, overlaps merged. */
  intervals: SuspensionInterval[];
  /** Each suspension as it counted (dates in the sede's zone, the 22.1.d cap applied). */
  suspensions: ResolvedSuspension[];
  explanation: Explanation;
}

interface Base {
  date: Temporal.PlainDate;
  explanation: Explanation;
}

/** The plazo's end before suspensions: art. 30.4 for months and years, art. 30.2 for days. */
function baseEnd(
  start: string,
  startDate: Temporal.PlainDate,
  duration: LegalDuration,
  context: CalendarContext,
  set: CalendarSet,
  policy: LegalTimePolicy,
): Outcome<Base> {
  const months = monthsOf(duration);
  if (months !== null) {
    // art. 30.4: counted from the day after, ending on the same day number; a month without it ends on its last day.
    const raw = startDate.add({ months });
    const clamped = raw.day !== startDate.day ? `; ${spanishMonth(raw)} no tiene día ${startDate.day}, vence el último día del mes` : '';
    return success({
      date: raw,
      explanation: {
        ...emptyExplanation(),
        articles: ['art. 30.4'],
        lines: [`${formatLegalDuration(duration)} desde el ${spanishDate(startDate)} llegan al ${spanishDate(raw)} (art. 30.4${clamped}).`],
      },
    });
  }
  if (duration.unit === 'DIAS_NATURALES') {
    // art. 30.2: natural days only where a law says so; art. 30.5 is applied after the suspensions.
    const raw = startDate.add({ days: duration.value });
    return success({
      date: raw,
      explanation: {
        ...emptyExplanation(),
        articles: ['art. 30.2'],
        lines: [`${formatLegalDuration(duration)} desde el ${spanishDate(startDate)} llegan al ${spanishDate(raw)} (art. 30.2).`],
      },
    });
  }
  if (duration.unit === 'DIAS_HABILES') {
    const counted = computeDue({ trigger: asInstant(start, context.timeZone), duration, context }, set, policy);
    if (!counted.ok) return counted;
    // The count's own closing lines (its due date, its provisional note) are replaced by the maximum plazo's.
    const lines = counted.value.explanation.lines.filter((line) => !line.startsWith('Vence el ') && !line.startsWith('Fecha provisional'));
    return success({ date: Temporal.PlainDate.from(counted.value.date), explanation: { ...counted.value.explanation, lines } });
  }
  return failure(`a maximum plazo to resolve is stated in días, meses or años, not in ${formatLegalDuration(duration)} (art. 21.2)`);
}

/** The total plazo with the art. 23 extensions, in the original unit (months for years). */
function totalDuration(plazo: LegalDuration, extensions: readonly Extension[]): LegalDuration {
  const months = monthsOf(plazo);
  if (months !== null) return { value: extensions.reduce((sum, e) => sum + (monthsOf(e.duration) ?? 0), months), unit: 'MESES' };
  return { value: extensions.reduce((sum, e) => sum + e.duration.value, plazo.value), unit: plazo.unit };
}

/** Where the plazo ends once `suspended` natural days are added to `raw`: art. 30.5 moves an inhábil end to the next hábil day. */
function settle(raw: Temporal.PlainDate, suspended: number, unit: LegalDuration['unit'], policy: LegalTimePolicy, examiner: DayExaminer): Temporal.PlainDate {
  const shifted = raw.add({ days: suspended });
  // art. 30.5 applies to natural days as a policy (eni-legal-time C.5).
  if (unit === 'DIAS_NATURALES' && !policy.extendNaturalDaysOnInhabil) return shifted;
  return examiner.firstHabilFrom(shifted);
}

function suspensionLine(s: ResolvedSuspension): string {
  const rule = SUSPENSION_CAUSES[s.cause];
  const head = `${rule.term} por ${rule.label} (art. ${s.cause}) desde el ${spanishDate(s.start)}`;
  if (s.end === null) {
    const cap = s.capEnd === null ? '' : `; terminará a más tardar el ${spanishDate(s.capEnd)} (art. ${s.cause}: tres meses como máximo)`;
    return `${head}, abierta: el plazo está ${rule.term === 'Suspensión' ? 'suspendido' : 'interrumpido'}${cap}.`;
  }
  const length = Temporal.PlainDate.from(s.start).until(Temporal.PlainDate.from(s.end), { largestUnit: 'days' }).days;
  if (s.capped)
    return `${head}: sin el informe en tres meses, termina el ${spanishDate(s.end)} y el procedimiento sigue (art. 22.1.d): ${days(length)} naturales.`;
  return `${head} hasta el ${spanishDate(s.end)}: ${days(length)} naturales.`;
}

/**
 * The maximum plazo to resolve and notify (arts. 21–23; eni-legal-time C.8–C.10):
 * raw = the plazo (with every art. 23 extension, computed from the ORIGINAL start, never chained
 * from an earlier due date) from the start (art. 21.3); + the natural days in the union of the
 * suspensions (art. 22); then art. 30.5 moves an inhábil end to the next día hábil. While a
 * suspension is open, the due date is unknown.
 *
 * A "may" cause (22.1) counts only once its decision was taken and communicated: record it then.
 */
export function maximumPlazo(input: MaximumPlazoInput, set: CalendarSet, policyOverrides?: Partial<LegalTimePolicy>): Outcome<MaximumPlazo> {
  const policy = withDefaults(policyOverrides);
  const { context, plazo } = input;
  const tz = context.timeZone;
  const now = input.now ?? null;
  if (!Number.isSafeInteger(plazo.value) || plazo.value < 1) return failure(`the maximum plazo must be a positive whole number, not ${plazo.value}`);
  const startDate = dateIn(input.start, tz, 'start');
  if (!startDate.ok) return startDate;

  const union = suspensionUnion(input.suspensions, tz, now);
  if (!union.ok) return union;
  for (const s of union.value.suspensions) {
    if (Temporal.PlainDate.compare(s.start, startDate.value) < 0)
      return failure(`suspension ${s.id} starts (${s.start}) before the plazo (${startDate.value.toString()})`);
  }

  for (const e of input.extensions) {
    if (e.article !== '23') return failure(`extension ${e.id}: art. ${e.article} extends procedural plazos; the maximum plazo is extended under art. 23`);
    if (!Number.isSafeInteger(e.duration.value) || e.duration.value < 1)
      return failure(`extension ${e.id}: the extension must be a positive whole number, not ${e.duration.value}`);
    const sameUnit = monthsOf(plazo) !== null ? monthsOf(e.duration) !== null : e.duration.unit === plazo.unit;
    if (!sameUnit)
      return failure(`extension ${e.id} of ${formatLegalDuration(e.duration)} is not in the unit of the plazo of ${formatLegalDuration(plazo)} (art. 23.1)`);
  }
  const decidedOn = new Map<string, Temporal.PlainDate>();
  for (const e of input.extensions) {
    const decided = dateIn(e.decidedAt, tz, `extension ${e.id}: decidedAt`);
    if (!decided.ok) return decided;
    decidedOn.set(e.id, decided.value);
  }
  const decidedDate = (e: Extension): Temporal.PlainDate => decidedOn.get(e.id) ?? startDate.value;
  const extensions = [...input.extensions].sort((a, b) => Temporal.PlainDate.compare(decidedDate(a), decidedDate(b)));
  // art. 23.1: the extensions together may not exceed the original plazo.
  const total = totalDuration(plazo, extensions);
  const original = monthsOf(plazo) ?? plazo.value;
  if (total.value > 2 * original) {
    return failure(
      `the art. 23 extensions add up to more than the original plazo of ${formatLegalDuration(plazo)} (art. 23.1: the extension may not exceed it)`,
    );
  }

  // Each extension is judged against the due date in force when it was decided (art. 23; cf. art. 32.3).
  for (const [index, extension] of extensions.entries()) {
    const decided = decidedDate(extension);
    const before = totalDuration(plazo, extensions.slice(0, index));
    const base = baseEnd(input.start, startDate.value, before, context, set, policy);
    if (!base.ok) return base;
    const intervals = union.value.intervals.filter((i) => Temporal.PlainDate.compare(i.start, decided) <= 0);
    const running = intervals.find((i) => i.end === null || Temporal.PlainDate.compare(i.end, decided) > 0);
    if (running) continue; // decided while suspended: the plazo had not expired.
    const suspended = intervals.reduce((sum, i) => sum + (i.days ?? 0), 0);
    const dueThen = settle(base.value.date, suspended, before.unit, policy, new DayExaminer(context, set, calendarScope(context)));
    const checked = checkExtension({ trigger: input.start, duration: plazo }, { date: dueThen.toString(), endsAt: endOfDay(dueThen, tz) }, extension, now, tz);
    if (!checked.ok) return checked;
  }

  const base = baseEnd(input.start, startDate.value, total, context, set, policy);
  if (!base.ok) return base;

  // A suspension must start while the plazo runs: after the due date the plazo has already expired.
  const examiner = new DayExaminer(context, set, calendarScope(context));
  let suspendedSoFar = 0;
  for (const interval of union.value.intervals) {
    const dueThen = settle(base.value.date, suspendedSoFar, total.unit, policy, new DayExaminer(context, set, calendarScope(context)));
    if (Temporal.PlainDate.compare(interval.start, dueThen) > 0) {
      return failure(`suspension ${interval.suspensionIds.join(', ')} starts on ${interval.start}, after the maximum plazo expired on ${dueThen.toString()}`);
    }
    suspendedSoFar += interval.days ?? 0;
  }

  const head: Explanation = {
    ...emptyExplanation(),
    articles: ['art. 21.3'],
    lines: [`Plazo máximo para resolver y notificar: ${formatLegalDuration(plazo)} desde el ${spanishDate(startDate.value)} (art. 21.3).`],
  };
  for (const e of extensions) {
    head.lines.push(
      `Ampliación del plazo máximo en ${formatLegalDuration(e.duration)}, acordada el ${spanishDate(decidedDate(e))} (art. 23): el plazo total de ${formatLegalDuration(total)} se cuenta desde el inicio, no desde el vencimiento anterior.`,
    );
    head.articles.push('art. 23');
  }
  const lines: string[] = [];
  const articles: string[] = [];
  for (const s of union.value.suspensions) {
    lines.push(suspensionLine(s));
    articles.push(`art. ${s.cause}`);
  }
  const overlaps = union.value.intervals.filter((i) => i.suspensionIds.length > 1);
  for (const i of overlaps) {
    lines.push(
      `Las suspensiones ${i.suspensionIds.join(', ')} se solapan: sus días se cuentan una sola vez${i.days === null ? '' : ` (${days(i.days)} naturales)`}.`,
    );
  }

  const common = {
    rawDue: base.value.date.toString(),
    suspendedDays: union.value.suspendedDays,
    intervals: union.value.intervals,
    suspensions: union.value.suspensions,
  };
  const open = union.value.intervals.find((i) => i.end === null);
  if (open) {
    lines.push(`Plazo suspendido desde el ${spanishDate(open.start)}: el vencimiento se conocerá al reanudarse (art. 22).`);
    const explanation = mergeExplanations(head, base.value.explanation, { ...emptyExplanation(), articles, lines });
    return success({ state: 'SUSPENDED', due: null, ...common, explanation });
  }

  const shifted = base.value.date.add({ days: union.value.suspendedDays });
  const date = settle(base.value.date, union.value.suspendedDays, total.unit, policy, examiner);
  if (union.value.suspendedDays > 0) {
    lines.push(`Se suman ${days(union.value.suspendedDays)} naturales de suspensión: ${spanishDate(shifted)} (art. 22).`);
  }
  lines.push(...movedOverLines(examiner.skipped));
  if (examiner.skipped.length > 0) articles.push('art. 30.5');
  const tail = { skipped: examiner.skipped, calendars: examiner.uses(), articles, lines };
  const merged = mergeExplanations(head, base.value.explanation, tail);
  merged.lines.push(...provisionalLines(merged.calendars, set), `El plazo máximo para resolver y notificar vence el ${spanishDate(date)}.`);
  return success({
    state: 'RUNNING',
    due: { status: statusOf(merged.calendars), date: date.toString(), endsAt: endOfDay(date, tz), explanation: merged },
    ...common,
    explanation: merged,
  });
}
