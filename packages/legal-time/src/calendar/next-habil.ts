import { Temporal } from 'temporal-polyfill';
import type { CalendarContext, CalendarUse, SkippedDay } from '../types.ts';
import type { CalendarSet } from './calendar-set.ts';
import { DayExaminer } from './day-examiner.ts';
import type { CalendarScope } from './day-status.ts';

export interface HabilDay {
  /** `YYYY-MM-DD`. */
  date: string;
  /** The inhábil days passed over to reach it. */
  skipped: SkippedDay[];
  /** The datasets consulted. */
  uses: CalendarUse[];
}

/** The first día hábil strictly after `date` (art. 31.2.b: the next hábil day after an inhábil presentation). */
export function nextHabil(date: string, context: CalendarContext, set: CalendarSet, scope: CalendarScope): HabilDay {
  return firstHabilFrom(Temporal.PlainDate.from(date).add({ days: 1 }).toString(), context, set, scope);
}

/** `date` itself when hábil, else the next día hábil (art. 30.5: a plazo ending on an inhábil day moves to the next hábil one). */
export function firstHabilFrom(date: string, context: CalendarContext, set: CalendarSet, scope: CalendarScope): HabilDay {
  const examiner = new DayExaminer(context, set, scope);
  const found = examiner.firstHabilFrom(Temporal.PlainDate.from(date));
  return { date: found.toString(), skipped: examiner.skipped, uses: examiner.uses() };
}
