import { Temporal } from 'temporal-polyfill';
import { failure, success, type Outcome } from '../outcome.ts';
import { dateIn } from './dates.ts';
import { SUSPENSION_CAUSES, type Suspension, type SuspensionCause } from './types.ts';

/** One suspension as it counts: its dates in the sede's zone and, for 22.1.d, where its cap cut it. */
export interface ResolvedSuspension {
  id: string;
  cause: SuspensionCause;
  start: string;
  /** The day the clock runs again; null while open. */
  end: string | null;
  /** The day the cap ends it at the latest (22.1.d: 3 months from its start); null when uncapped. */
  capEnd: string | null;
  /** True when the cap, not the recorded end, ended it. */
  capped: boolean;
}

/** A stretch of the union of all suspensions (overlaps merged). */
export interface SuspensionInterval {
  start: string;
  /** null while open: the due date is then unknown. */
  end: string | null;
  suspensionIds: string[];
  /** end − start in días naturales (neither boundary counted twice); null while open. */
  days: number | null;
}

export interface SuspensionUnion {
  suspensions: ResolvedSuspension[];
  intervals: SuspensionInterval[];
  /** The natural days in the union of the closed intervals. */
  suspendedDays: number;
  /** True when an interval is still open. */
  open: boolean;
}

function resolve(suspension: Suspension, timeZone: string, today: Temporal.PlainDate | null): Outcome<ResolvedSuspension> {
  const start = dateIn(suspension.startedAt, timeZone, `suspension ${suspension.id}: startedAt`);
  if (!start.ok) return start;
  let end: Temporal.PlainDate | null = null;
  if (suspension.endedAt !== null) {
    const read = dateIn(suspension.endedAt, timeZone, `suspension ${suspension.id}: endedAt`);
    if (!read.ok) return read;
    if (Temporal.PlainDate.compare(read.value, start.value) < 0) {
      return failure(`suspension ${suspension.id} ends (${read.value.toString()}) before it starts (${start.value.toString()})`);
    }
    end = read.value;
  }
  const rule = SUSPENSION_CAUSES[suspension.cause];
  if (!rule) return failure(`suspension ${suspension.id}: "${String(suspension.cause)}" is not a cause of art. 22 or 25.2`);
  let capEnd: Temporal.PlainDate | null = null;
  let capped = false;
  if (rule.cap) {
    // art. 22.1.d: the suspension for a report lasts three months at most; then the procedure goes on.
    capEnd = start.value.add(rule.cap.unit === 'MESES' ? { months: rule.cap.value } : { days: rule.cap.value });
    const reachedCap = end === null ? today !== null && Temporal.PlainDate.compare(today, capEnd) >= 0 : Temporal.PlainDate.compare(end, capEnd) > 0;
    if (reachedCap) {
      end = capEnd;
      capped = true;
    }
  }
  return success({
    id: suspension.id,
    cause: suspension.cause,
    start: start.value.toString(),
    end: end?.toString() ?? null,
    capEnd: capEnd?.toString() ?? null,
    capped,
  });
}

/**
 * The union of the suspensions of a maximum plazo (art. 22; eni-legal-time C.9): each interval
 * counts end.date − start.date, and overlapping or touching intervals are merged so no day is
 * counted twice. `now` (optional) lets an open 22.1.d suspension end at its cap once the cap is reached.
 */
export function suspensionUnion(suspensions: readonly Suspension[], timeZone: string, now: string | null = null): Outcome<SuspensionUnion> {
  let today: Temporal.PlainDate | null = null;
  if (now !== null) {
    const read = dateIn(now, timeZone, 'now');
    if (!read.ok) return read;
    today = read.value;
  }
  const ids = new Set<string>();
  const resolved: ResolvedSuspension[] = [];
  for (const suspension of suspensions) {
    if (ids.has(suspension.id)) return failure(`suspension ${suspension.id} is listed twice`);
    ids.add(suspension.id);
    const one = resolve(suspension, timeZone, today);
    if (!one.ok) return one;
    resolved.push(one.value);
  }
  resolved.sort((a, b) => Temporal.PlainDate.compare(a.start, b.start));

  const intervals: { start: string; end: string | null; suspensionIds: string[] }[] = [];
  for (const s of resolved) {
    const last = intervals.at(-1);
    if (last && (last.end === null || Temporal.PlainDate.compare(s.start, last.end) <= 0)) {
      last.suspensionIds.push(s.id);
      if (last.end !== null) last.end = s.end === null ? null : Temporal.PlainDate.compare(s.end, last.end) > 0 ? s.end : last.end;
      continue;
    }
    intervals.push({ start: s.start, end: s.end, suspensionIds: [s.id] });
  }
  const withDays = intervals.map((i) => ({
    ...i,
    days: i.end === null ? null : Temporal.PlainDate.from(i.start).until(Temporal.PlainDate.from(i.end), { largestUnit: 'days' }).days,
  }));
  return success({
    suspensions: resolved,
    intervals: withDays,
    suspendedDays: withDays.reduce((sum, i) => sum + (i.days ?? 0), 0),
    open: withDays.some((i) => i.end === null),
  });
}
