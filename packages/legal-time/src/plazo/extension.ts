import type { CalendarSet } from '../calendar/calendar-set.ts';
import { DayExaminer } from '../calendar/day-examiner.ts';
import { calendarScope } from '../calendar/day-status.ts';
import { spanishDate } from '../calendar/spanish-date.ts';
import { computeDue } from '../count/compute-due.ts';
import { provisionalLines } from '../count/explanation-lines.ts';
import { failure, success, type Outcome } from '../outcome.ts';
import { formatLegalDuration } from '../parse-legal-duration.ts';
import type { CalendarContext, DueDate, Explanation, LegalTimePolicy } from '../types.ts';
import { asInstant, dateIn, endOfDay } from './dates.ts';
import { emptyExplanation, mergeExplanations, movedOverLines, statusOf } from './explanation.ts';
import { checkExtension, monthsOf } from './extension-limits.ts';
import type { Extension, PlazoSpec } from './types.ts';

export interface ExtendedTramite {
  /** The due date before the extension. */
  original: DueDate;
  /** The due date with the extension. */
  due: DueDate;
}

/** Drops a count's closing lines (its due date and provisional note): the extended result states its own. */
function body(explanation: Explanation): Explanation {
  return { ...explanation, lines: explanation.lines.filter((line) => !line.startsWith('Vence el ') && !line.startsWith('Fecha provisional')) };
}

/**
 * A trámite's plazo extended under art. 32 (at most half; art. 32.2 automatically for residents
 * abroad) or art. 68.2 (subsanación, at most 5 días): the extension is checked (limit, request and
 * decision before expiry, art. 32.3) and added to the plazo in its own unit, counted from the
 * same trigger (10 días hábiles + 5 = 15 días hábiles from the notification). A plazo in months
 * extended by días naturales ends that many days after its art. 30.4 day, then art. 30.5; a plazo
 * in hours goes on counting hours from its end (art. 30.1).
 */
export function extendedTramiteDue(
  input: { plazo: PlazoSpec; extension: Extension; context: CalendarContext; now: string | null },
  set: CalendarSet,
  policy: Partial<LegalTimePolicy> = {},
): Outcome<ExtendedTramite> {
  const { plazo, extension, context } = input;
  const tz = context.timeZone;
  if (extension.article === '23') return failure(`extension ${extension.id}: art. 23 extends the maximum plazo to resolve; use maximumPlazo`);
  const trigger = asInstant(plazo.trigger, tz);
  const original = computeDue({ trigger, duration: plazo.duration, context }, set, policy);
  if (!original.ok) return original;
  const checked = checkExtension(plazo, original.value, extension, input.now, tz);
  if (!checked.ok) return checked;

  const decided = dateIn(extension.decidedAt, tz, 'decidedAt');
  if (!decided.ok) return decided;
  const article = extension.article === '32' ? 'art. 32.1' : 'art. 68.2';
  const ext = extension.duration;
  let counted: { date: string; endsAt: string; explanation: Explanation };
  const months = monthsOf(plazo.duration);
  if (plazo.duration.unit === 'HORAS') {
    // art. 30.1: the extra hours run on from the minute the plazo ended, over días hábiles.
    const more = computeDue({ trigger: original.value.endsAt, duration: ext, context }, set, policy);
    if (!more.ok) return more;
    counted = { ...more.value, explanation: body(more.value.explanation) };
  } else if (months !== null) {
    const start = dateIn(plazo.trigger, tz, 'the plazo trigger');
    if (!start.ok) return start;
    // art. 30.4 gives the plazo's last day; the extension's días naturales follow it; art. 30.5 moves an inhábil end.
    const raw = start.value.add({ months }).add({ days: ext.value });
    const examiner = new DayExaminer(context, set, calendarScope(context));
    const date = examiner.firstHabilFrom(raw);
    counted = {
      date: date.toString(),
      endsAt: endOfDay(date, tz),
      explanation: {
        skipped: examiner.skipped,
        calendars: [...original.value.explanation.calendars, ...examiner.uses()],
        articles: ['art. 30.4', ...(examiner.skipped.length > 0 ? ['art. 30.5'] : [])],
        lines: [
          `${formatLegalDuration(plazo.duration)} desde el ${spanishDate(start.value)} más ${formatLegalDuration(ext)} llegan al ${spanishDate(raw)} (art. 30.4).`,
          ...movedOverLines(examiner.skipped),
        ],
      },
    };
  } else {
    const total = computeDue({ trigger, duration: { value: plazo.duration.value + ext.value, unit: plazo.duration.unit }, context }, set, policy);
    if (!total.ok) return total;
    counted = { ...total.value, explanation: body(total.value.explanation) };
  }

  const head: Explanation = {
    ...emptyExplanation(),
    articles: [article],
    lines: [
      `Ampliación de ${formatLegalDuration(ext)} (${article}${extension.requestedAt === null ? ', de oficio' : ', a solicitud del interesado'}) acordada el ${spanishDate(decided.value)}, antes del vencimiento del ${spanishDate(original.value.date)}.`,
    ],
  };
  const merged = mergeExplanations(head, counted.explanation);
  merged.lines.push(...provisionalLines(merged.calendars, set), `Con la ampliación vence el ${spanishDate(counted.date)}.`);
  return success({ original: original.value, due: { status: statusOf(merged.calendars), date: counted.date, endsAt: counted.endsAt, explanation: merged } });
}
