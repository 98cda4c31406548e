import type { InhabilesCalendarResource } from '@tramita/contracts';
import type { PublishedInhabiles } from '../../application/publish-inhabiles.ts';

/** RFC 5545: the calendar's producer. */
export const INHABILES_PRODID = '-//Tramita//Calendario de días inhábiles//ES';
export const ICS_CONTENT_TYPE = 'text/calendar; charset=utf-8';

/** RFC 5545 §3.3.11: backslash, semicolon, comma and line breaks are escaped in TEXT values. */
export function escapeIcsText(text: string): string {
  return text
    .replaceAll('\\', '\\\\')
    .replaceAll(';', '\\;')
    .replaceAll(',', '\\,')
    .replaceAll(/\r\n|\r|\n/g, '\\n');
}

const encoder = new TextEncoder();
const LINE_OCTETS = 75;

/**
 * RFC 5545 §3.1: a content line longer than 75 octets is folded with CRLF and one space; a fold
 * never splits a UTF-8 character (the continuation's leading space counts toward its 75).
 */
export function foldIcsLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const character of line) {
    const size = encoder.encode(character).length;
    if (octets + size > LINE_OCTETS) {
      parts.push(current);
      current = ' ';
      octets = 1;
    }
    current += character;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n');
}

const compactDate = (date: string) => date.replaceAll('-', '');
const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

function describe(day: InhabilesCalendarResource['days'][number]): { summary: string; description: string } {
  const holidays = day.reasons.filter((reason) => reason.kind === 'HOLIDAY');
  const summary = holidays.map((reason) => reason.name ?? 'Festivo').join(' / ') || 'Día inhábil';
  const description = holidays
    .map((reason) => {
      const where =
        reason.territoryName && reason.territory ? `${reason.territoryName} (${reason.territory})` : (reason.territoryName ?? reason.territory ?? '');
      return [where, reason.source].filter((part) => part !== null && part !== '').join(': ');
    })
    .join('\n');
  return { summary, description };
}

/**
 * The organ's calendar of días inhábiles as iCalendar (RFC 5545): one all-day event per inhábil
 * weekday, with a UID stable across publications (the date and the organism) and a DTSTAMP taken
 * from the data (the latest bulletin's date; else the year's first day), so the same data always
 * gives the same file.
 */
export function inhabilesIcs({ calendar, publishedOn }: PublishedInhabiles): string {
  const stamp = `${compactDate(publishedOn ?? `${calendar.year}-01-01`)}T000000Z`;
  const name = `Días inhábiles ${calendar.year} · ${calendar.organism}${calendar.status === 'PROVISIONAL' ? ' (provisional)' : ''}`;
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${INHABILES_PRODID}`, 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${escapeIcsText(name)}`];
  for (const day of calendar.days) {
    const { summary, description } = describe(day);
    lines.push(
      'BEGIN:VEVENT',
      `UID:${day.date}-${calendar.organism}@tramita`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${compactDate(day.date)}`,
      `DTEND;VALUE=DATE:${compactDate(nextDay(day.date))}`,
      `SUMMARY:${escapeIcsText(summary)}`,
      `DESCRIPTION:${escapeIcsText(description)}`,
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldIcsLine).join('\r\n')}\r\n`;
}
