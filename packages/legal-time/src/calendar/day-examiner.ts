import type { Temporal } from 'temporal-polyfill';
import type { CalendarContext, CalendarUse, SkippedDay } from '../types.ts';
import type { CalendarSet } from './calendar-set.ts';
import { dayStatus, type CalendarScope, type DayStatus } from './day-status.ts';

/** More consecutive inhábil days than a year has means the data is wrong, not that the plazo never ends. */
export const MAX_INHABIL_RUN = 366;

/**
 * Asks day by day and remembers what it asked: every dataset consulted (fail closed: a missing or
 * draft one makes the result provisional) and every inhábil day skipped, for the explanation.
 */
export class DayExaminer {
  private readonly used = new Map<string, CalendarUse>();
  readonly skipped: SkippedDay[] = [];

  readonly context: CalendarContext;
  readonly set: CalendarSet;
  readonly scope: CalendarScope;

  constructor(context: CalendarContext, set: CalendarSet, scope: CalendarScope) {
    this.context = context;
    this.set = set;
    this.scope = scope;
  }

  status(day: Temporal.PlainDate): DayStatus {
    const status = dayStatus(day, this.context, this.set, this.scope);
    for (const use of status.uses) this.used.set(`${use.year}|${use.territory}`, use);
    return status;
  }

  /** The day's status, recording it as skipped when inhábil. */
  examine(day: Temporal.PlainDate): DayStatus {
    const status = this.status(day);
    if (!status.habil) this.skipped.push({ date: day.toString(), reasons: status.reasons });
    return status;
  }

  /** The first hábil day on or after `day`, recording the inhábil ones passed over (art. 30.5). */
  firstHabilFrom(day: Temporal.PlainDate): Temporal.PlainDate {
    let current = day;
    for (let run = 0; run <= MAX_INHABIL_RUN; run++) {
      if (this.examine(current).habil) return current;
      current = current.add({ days: 1 });
    }
    throw new RangeError(`no día hábil in the ${MAX_INHABIL_RUN} days from ${day.toString()}: the calendars loaded mark every day inhábil`);
  }

  /** Every dataset consulted, by year and then in the order national, community, municipality. */
  uses(): CalendarUse[] {
    return [...this.used.values()];
  }

  /** FINAL only when every dataset consulted is VERIFIED (fail closed, ADR 0016). */
  isFinal(): boolean {
    return this.uses().every((use) => use.status === 'VERIFIED');
  }
}
