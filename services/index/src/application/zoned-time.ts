/** Wall-clock fields of a date-time in some time zone (month 1-12). */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when the runtime knows the IANA time zone (e.g. "Europe/Madrid"). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Offset of `timeZone` from UTC at `epochMs`, in milliseconds (Madrid: +1 h or +2 h). */
function offsetAt(epochMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(epochMs))) parts[part.type] = Number(part.value);
  const wall = Date.UTC(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return wall - Math.floor(epochMs / 1000) * 1000;
}

/**
 * The instant at which the clocks of `timeZone` show `wall`. Day overflow is allowed (day 32
 * is the 1st of the next month), which is how "the start of the next day" is asked for. For a
 * wall time skipped by a DST jump the later offset is used; for a repeated one, the first.
 */
export function zonedTimeToInstant(wall: WallTime, timeZone: string): Date {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond);
  let guess = asUtc - offsetAt(asUtc, timeZone);
  const corrected = asUtc - offsetAt(guess, timeZone);
  if (corrected !== guess) guess = corrected;
  return new Date(guess);
}
