import { describe, expect, it } from 'vitest';
import type { InhabilesCalendarResource } from '@tramita/contracts';
import { escapeIcsText, foldIcsLine, inhabilesIcs } from './inhabiles-ics.ts';

const octets = (line: string) => new TextEncoder().encode(line).length;
const unfold = (text: string) => text.replaceAll('\r\n ', '');

const calendar = (days: InhabilesCalendarResource['days'], status: InhabilesCalendarResource['status'] = 'FINAL'): InhabilesCalendarResource => ({
  organism: 'L01410917',
  organismName: null,
  year: 2026,
  seat: { community: 'ES-AN', municipality: '41091' },
  timeZone: 'Europe/Madrid',
  status,
  note: 'Los sábados y domingos son también días inhábiles.',
  days,
  calendars: [],
});
const holiday = (name: string, territory: string, territoryName: string, source: string | null) => ({
  kind: 'HOLIDAY' as const,
  name,
  territory,
  territoryName,
  source,
});

describe('iCalendar text (RFC 5545)', () => {
  it('escapes backslashes, semicolons, commas and line breaks in TEXT values', () => {
    expect(escapeIcsText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
  });

  it('folds lines longer than 75 octets with CRLF and a space, never splitting a UTF-8 character', () => {
    const line = `DESCRIPTION:${'Día inhábil en Andalucía, según el Decreto 101/2025, de 14 de mayo; '.repeat(4)}`;
    const folded = foldIcsLine(line);
    const physical = folded.split('\r\n');
    expect(physical.length).toBeGreaterThan(3);
    expect(physical.every((part) => octets(part) <= 75)).toBe(true);
    expect(physical.slice(1).every((part) => part.startsWith(' '))).toBe(true);
    // No replacement characters: each piece is whole UTF-8.
    expect(physical.every((part) => !part.includes('\uFFFD') && Buffer.from(part, 'utf8').toString('utf8') === part)).toBe(true);
    expect(unfold(folded)).toBe(line);
  });

  it('leaves a line of exactly 75 octets alone and folds one of 76', () => {
    expect(foldIcsLine('x'.repeat(75))).toBe('x'.repeat(75));
    expect(foldIcsLine('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`);
    // "í" is two octets: it moves to the next line rather than being cut.
    expect(foldIcsLine(`${'x'.repeat(74)}í`)).toBe(`${'x'.repeat(74)}\r\n í`);
  });
});

describe("the organ's calendar as iCalendar", () => {
  const ics = inhabilesIcs({
    calendar: calendar([
      { date: '2026-04-22', reasons: [holiday('Miércoles de Feria', '41091', 'Sevilla', 'BOJA; resolución, 2025')] },
      { date: '2026-12-31', reasons: [holiday('Fin de año', '41091', 'Sevilla', null), holiday('Nochevieja', 'ES-AN', 'Andalucía', 'Decreto 101/2025')] },
    ]),
    publishedOn: '2025-10-28',
  });

  it('is one VCALENDAR with the Tramita PRODID, every line ending in CRLF', () => {
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tramita//Calendario de días inhábiles//ES\r\n')).toBe(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    expect(ics.split('\r\n').every((line) => octets(line) <= 75)).toBe(true);
  });

  it('gives each day one all-day event with a stable UID, the next day as DTEND and a DTSTAMP from the bulletin date', () => {
    const events = unfold(ics).split('BEGIN:VEVENT\r\n').slice(1);
    expect(events).toHaveLength(2);
    expect(events[0]).toContain('UID:2026-04-22-L01410917@tramita\r\n');
    expect(events[0]).toContain('DTSTART;VALUE=DATE:20260422\r\nDTEND;VALUE=DATE:20260423\r\n');
    expect(events[0]).toContain('DTSTAMP:20251028T000000Z\r\n');
    expect(events[0]).toContain('SUMMARY:Miércoles de Feria\r\n');
    expect(events[0]).toContain('DESCRIPTION:Sevilla (41091): BOJA\\; resolución\\, 2025\r\n');
    expect(events[1]).toContain('DTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101\r\n');
    expect(events[1]).toContain('SUMMARY:Fin de año / Nochevieja\r\n');
    expect(events[1]).toContain('DESCRIPTION:Sevilla (41091)\\nAndalucía (ES-AN): Decreto 101/2025\r\n');
  });

  it('is the same file for the same data (no clock), and names a provisional calendar so', () => {
    const again = inhabilesIcs({ calendar: calendar([{ date: '2026-01-06', reasons: [] }], 'PROVISIONAL'), publishedOn: null });
    expect(again).toBe(inhabilesIcs({ calendar: calendar([{ date: '2026-01-06', reasons: [] }], 'PROVISIONAL'), publishedOn: null }));
    expect(again).toContain('DTSTAMP:20260101T000000Z');
    expect(unfold(again)).toContain('X-WR-CALNAME:Días inhábiles 2026 · L01410917 (provisional)');
  });
});
