import { Temporal } from 'temporal-polyfill';
import type { CalendarSet } from '../calendar/calendar-set.ts';
import { spanishDate } from '../calendar/spanish-date.ts';
import { computeDue } from '../count/compute-due.ts';
import { success, type Outcome } from '../outcome.ts';
import type { CalendarContext, DueDate, Explanation, LegalTimePolicy } from '../types.ts';
import { checkMoment, isAfterEnd, startOfDay } from './dates.ts';
import { withDefaults } from './explanation.ts';

export interface NotificationRejection {
  /** ACCESSED: opened within the 10 days, practised at the access; REJECTED: deemed rejected (art. 43.2). */
  kind: 'ACCESSED' | 'REJECTED';
  /** Day 10 after the puesta a disposición, moved to the next día hábil when the policy applies art. 30.5 to natural days. */
  dayTen: DueDate;
  convention: LegalTimePolicy['rejectionConvention'];
  /** The day the notification counts as made: the access day, day 10 (END_OF_DAY_10) or the day after it (DAY_11). */
  notifiedOn: string;
  /** The instant it counts as made: the access, the end of day 10, or 00:00 of day 11, in the sede's zone. */
  notifiedAt: string;
  /** The interested party's plazos run from the day after `notifiedOn` (art. 30.3). */
  status: 'FINAL' | 'PROVISIONAL';
  explanation: Explanation;
}

/**
 * Art. 43.2 (and 41.5): an electronic notification not accessed within 10 días naturales of its
 * puesta a disposición is deemed rejected, and a rejection counts as notification. Whether that
 * falls on day 10 or day 11, and whether art. 30.5 moves an inhábil day 10, is unsettled: Tramita
 * moves it when `extendNaturalDaysOnInhabil` and, by default, deems it made on day 11, the reading
 * most favourable to the citizen (eni-legal-time C.15, `rejectionConvention`).
 */
export function notificationRejection(
  input: { madeAvailableAt: string; accessedAt: string | null; context: CalendarContext },
  set: CalendarSet,
  policyOverrides?: Partial<LegalTimePolicy>,
): Outcome<NotificationRejection> {
  const policy = withDefaults(policyOverrides);
  const tz = input.context.timeZone;
  if (input.accessedAt !== null) {
    const read = checkMoment(input.accessedAt, 'accessedAt');
    if (!read.ok) return read;
  }
  const counted = computeDue(
    { trigger: input.madeAvailableAt, duration: { value: 10, unit: 'DIAS_NATURALES' }, context: input.context, triggerKind: 'AVAILABILITY' },
    set,
    policy,
  );
  if (!counted.ok) return counted;
  const dayTen = counted.value;
  const base = dayTen.explanation;
  const articles = [...new Set(['art. 43.2', 'art. 41.5', ...base.articles])];
  const explain = (lines: string[]): Explanation => ({ ...base, articles, lines: [...base.lines, ...lines] });

  // art. 43.2: the notification is practised when its content is accessed.
  if (input.accessedAt !== null && !isAfterEnd(input.accessedAt, dayTen)) {
    const accessedOn = Temporal.Instant.from(input.accessedAt).toZonedDateTimeISO(tz).toPlainDate();
    return success({
      kind: 'ACCESSED',
      dayTen,
      convention: policy.rejectionConvention,
      notifiedOn: accessedOn.toString(),
      notifiedAt: input.accessedAt,
      status: dayTen.status,
      explanation: explain([
        `Se accedió al contenido el ${spanishDate(accessedOn)}, dentro de los diez días: la notificación se practicó entonces (art. 43.2).`,
      ]),
    });
  }
  const day11 = Temporal.PlainDate.from(dayTen.date).add({ days: 1 });
  const onDay11 = policy.rejectionConvention === 'DAY_11';
  const notifiedOn = onDay11 ? day11 : Temporal.PlainDate.from(dayTen.date);
  const line = onDay11
    ? `Sin acceso en diez días naturales se entiende rechazada; la notificación se tiene por efectuada el ${spanishDate(day11)}, el día siguiente (art. 43.2, criterio del día 11).`
    : `Sin acceso en diez días naturales se entiende rechazada al terminar el ${spanishDate(dayTen.date)} (art. 43.2, criterio del final del día 10).`;
  return success({
    kind: 'REJECTED',
    dayTen,
    convention: policy.rejectionConvention,
    notifiedOn: notifiedOn.toString(),
    notifiedAt: onDay11 ? startOfDay(day11, tz) : dayTen.endsAt,
    status: dayTen.status,
    explanation: explain([line, `Los plazos del interesado se cuentan desde el día siguiente, ${spanishDate(notifiedOn.add({ days: 1 }))} (art. 30.3).`]),
  });
}
