import { Temporal } from 'temporal-polyfill';
import type { CalendarSet } from '../calendar/calendar-set.ts';
import { DayExaminer } from '../calendar/day-examiner.ts';
import { contextProblem } from '../calendar/day-status.ts';
import { spanishDate, spanishZone } from '../calendar/spanish-date.ts';
import { isoInstant, readInstant } from '../count/compute-due.ts';
import { provisionalLines, skippedLines } from '../count/explanation-lines.ts';
import { failure, success, type Outcome } from '../outcome.ts';
import type { CalendarContext, DueDate, Explanation } from '../types.ts';

/** When a registry entry counts: its real instant and the one that counts for plazos (art. 31.2). */
export interface RegistryTime {
  /** The real instant, on the sede's clock. ISO with offset. */
  presentedAt: string;
  /** `presentedAt` on a día hábil of the sede; 00:00:00.000 of the next día hábil otherwise. ISO with offset. */
  effectiveAt: string;
  /** Whether the presentation fell on an inhábil day and was moved. */
  deferred: boolean;
  /** FINAL when the sede's datasets for the days examined are all verified (fail closed). */
  status: 'FINAL' | 'PROVISIONAL';
  explanation: Explanation;
}

/**
 * Art. 31.2.b: the electronic registry takes presentations at any hour of any day, on the sede's
 * official time; one made on an inhábil day counts as made at the first hour of the next día hábil.
 * Art. 31.3: the calendar is the sede's only, never the residence's (art. 30.6 does not apply).
 */
export function effectiveRegistryInstant(presentedAt: string, context: CalendarContext, set: CalendarSet): Outcome<RegistryTime> {
  const problem = contextProblem(context);
  if (problem) return failure(problem);
  const read = readInstant(presentedAt, context.timeZone, 'presentation instant');
  if (!read.ok) return read;
  const presented = read.value;
  const examiner = new DayExaminer(context, set, 'SEDE');
  const day = presented.toPlainDate();
  let effective: Temporal.ZonedDateTime;
  try {
    effective = examiner.status(day).habil ? presented : examiner.firstHabilFrom(day).toZonedDateTime(context.timeZone);
  } catch (error) {
    if (error instanceof RangeError) return failure(`cannot place the presentation of ${presentedAt}: ${error.message}`);
    throw error;
  }
  const deferred = !effective.equals(presented);
  const zone = spanishZone(context.timeZone);
  const time = presented.toPlainTime().toString({ smallestUnit: 'second' });
  const lines = [`Presentado el ${spanishDate(day)} a las ${time} (${zone}).`];
  if (deferred) {
    lines.push(
      ...skippedLines(examiner.skipped),
      `Se tiene por presentado a las 00:00 del ${spanishDate(effective.toPlainDate())}, primer día hábil siguiente (art. 31.2.b).`,
    );
  } else {
    lines.push('Día hábil en el calendario de la sede: cuenta la hora real de presentación (art. 31.2).');
  }
  const calendars = examiner.uses();
  lines.push(...provisionalLines(calendars, set));
  return success({
    presentedAt: isoInstant(presented),
    effectiveAt: isoInstant(effective),
    deferred,
    status: examiner.isFinal() ? 'FINAL' : 'PROVISIONAL',
    explanation: { skipped: examiner.skipped, calendars, articles: deferred ? ['art. 31.2', 'art. 31.3'] : ['art. 31.2'], lines },
  });
}

export type RegistryOrderKey = Pick<RegistryTime, 'presentedAt' | 'effectiveAt' | 'deferred'>;

/**
 * Orders registry entries (art. 31.2.b): by effective instant; at the same effective instant the
 * ones moved from an inhábil day go first, since they rank before those presented on the next día
 * hábil; among themselves, by their real instants.
 */
export function compareRegistryEntries(a: RegistryOrderKey, b: RegistryOrderKey): number {
  const byEffective = compareInstants(a.effectiveAt, b.effectiveAt);
  if (byEffective !== 0) return byEffective;
  if (a.deferred !== b.deferred) return a.deferred ? -1 : 1;
  return compareInstants(a.presentedAt, b.presentedAt);
}

/** Whether an entry's effective instant meets a plazo: on or before the instant it ends (C.7: timeliness uses effectiveAt). */
export function isInTime(effectiveAt: string, due: Pick<DueDate, 'endsAt'>): boolean {
  return compareInstants(effectiveAt, due.endsAt) <= 0;
}

function compareInstants(a: string, b: string): number {
  return Temporal.Instant.compare(Temporal.Instant.from(a), Temporal.Instant.from(b));
}
