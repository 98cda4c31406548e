import {
  calendarScope,
  computeDue,
  dayStatus,
  maximumPlazo,
  type CalendarContext,
  type CalendarSet,
  type DueDate,
  type LegalDuration,
  type Outcome,
} from '@tramita/legal-time';
import { Temporal } from 'temporal-polyfill';
import { illegalState } from '@tramita/kernel';
import type { PlazoComputation, PlazoState } from '../domain/plazo.ts';

/** How many días hábiles before its end a plazo counts as near (the traffic light turns amber). */
const NEAR_HABILES = 3;

/** The calendar a plazo counts in: its context and the datasets. */
export interface PlazoCalendar {
  context: CalendarContext;
  set: CalendarSet;
}

/**
 * Counts a plazo as it stands: the maximum plazo with its suspensions and art. 23 extensions
 * (art. 21–23), a trámite's with its art. 32 / 68.2 extensions added in the same unit.
 */
export function computePlazo(
  plazo: Pick<PlazoState, 'kind' | 'startedAt' | 'duration' | 'suspensions' | 'extensions'>,
  calendar: PlazoCalendar,
  now: Date,
): Outcome<PlazoComputation> {
  if (plazo.kind === 'MAXIMO') {
    const result = maximumPlazo(
      {
        start: plazo.startedAt,
        plazo: plazo.duration,
        suspensions: plazo.suspensions,
        extensions: plazo.extensions.filter((extension) => extension.article === '23'),
        context: calendar.context,
        now: now.toISOString(),
      },
      calendar.set,
    );
    if (!result.ok) return result;
    const due = result.value.due;
    return { ok: true, value: { state: result.value.state, due, nearFrom: due === null ? null : nearFrom(plazo.startedAt, due, calendar) } };
  }
  const due = computeDue({ trigger: plazo.startedAt, duration: extendedDuration(plazo.duration, plazo.extensions), context: calendar.context }, calendar.set);
  if (!due.ok) return due;
  return { ok: true, value: { state: 'RUNNING', due: due.value, nearFrom: nearFrom(plazo.startedAt, due.value, calendar) } };
}

/** Throws when a stored plazo no longer counts (its data was valid when stored: a programming fault, not bad input). */
export function computeOrFail(
  plazo: Pick<PlazoState, 'kind' | 'startedAt' | 'duration' | 'suspensions' | 'extensions'>,
  calendar: PlazoCalendar,
  now: Date,
): PlazoComputation {
  const result = computePlazo(plazo, calendar, now);
  if (!result.ok) throw illegalState('plazo-not-computable', result.message);
  return result.value;
}

/** Art. 32 and 68.2 extend a trámite in its own unit: 10 días hábiles extended by 5 run 15 from the same start. */
function extendedDuration(duration: LegalDuration, extensions: readonly { duration: LegalDuration }[]): LegalDuration {
  const extra = extensions.filter((extension) => extension.duration.unit === duration.unit).reduce((sum, extension) => sum + extension.duration.value, 0);
  return { value: duration.value + extra, unit: duration.unit };
}

/**
 * From when a plazo is near its end: the start of the third día hábil before it ends (the last
 * day counted) or of its last quarter, whichever comes first.
 */
export function nearFrom(startedAt: string, due: DueDate, calendar: PlazoCalendar): string {
  const zone = calendar.context.timeZone;
  const scope = calendarScope(calendar.context);
  let day = Temporal.PlainDate.from(due.date);
  let habiles = dayStatus(day, calendar.context, calendar.set, scope).habil ? 1 : 0;
  for (let guard = 0; habiles < NEAR_HABILES && guard < 60; guard++) {
    day = day.subtract({ days: 1 });
    if (dayStatus(day, calendar.context, calendar.set, scope).habil) habiles++;
  }
  const byDays = day.toZonedDateTime(zone).toInstant().epochMilliseconds;
  const start = Date.parse(startedAt);
  const end = Date.parse(due.endsAt);
  const lastQuarter = start + Math.floor((end - start) * 0.75);
  return new Date(Math.max(start, Math.min(byDays, lastQuarter))).toISOString();
}
