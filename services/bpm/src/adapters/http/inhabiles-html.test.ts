import { describe, expect, it } from 'vitest';
import type { InhabilesCalendarResource } from '@tramita/contracts';
import { escapeHtml, inhabilesHtml } from './inhabiles-html.ts';

const calendar = (status: InhabilesCalendarResource['status']): InhabilesCalendarResource => ({
  organism: 'L01410917',
  organismName: null,
  year: 2026,
  seat: { community: 'ES-AN', municipality: '41091' },
  timeZone: 'Europe/Madrid',
  status,
  note: 'Los sábados y domingos son también días inhábiles (art. 30.2 de la Ley 39/2015).',
  days: [
    {
      date: '2026-04-22',
      reasons: [{ kind: 'HOLIDAY', name: 'Feria <script>alert(1)</script>', territory: '41091', territoryName: 'Sevilla', source: 'BOJA "núm. 1" & otros' }],
    },
  ],
  calendars: [{ year: 2026, territory: '41091', version: 2, status: 'DRAFT' }],
});

describe("the organ's calendar as an HTML page", () => {
  it('is a Spanish page with a captioned table of date, day of week, reason, territory and bulletin, and the weekend rule', () => {
    const html = inhabilesHtml(calendar('FINAL'));
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="es">/);
    expect(html).toContain('<caption>');
    expect(html.match(/<th scope="col">([^<]+)<\/th>/g)?.map((th) => th.replace(/<[^>]+>/g, ''))).toEqual([
      'Fecha',
      'Día de la semana',
      'Motivo',
      'Territorio',
      'Boletín',
    ]);
    expect(html).toContain('<td><time datetime="2026-04-22">22 de abril de 2026</time></td><td>miércoles</td>');
    expect(html).toContain('Sevilla (41091)');
    expect(html).toContain('Los sábados y domingos son también días inhábiles');
    expect(html).toContain('Calendario definitivo');
  });

  it('says in words that a calendar is provisional, and which dataset is a draft', () => {
    const html = inhabilesHtml(calendar('PROVISIONAL'));
    expect(html).toContain('Calendario provisional');
    expect(html).toContain('41091 2026: versión 2, borrador');
  });

  it('escapes every text and loads nothing from elsewhere', () => {
    const html = inhabilesHtml(calendar('FINAL'));
    expect(html).not.toContain('<script>');
    expect(html).toContain('Feria &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('BOJA &quot;núm. 1&quot; &amp; otros');
    expect(html).not.toMatch(/\b(src|href)=/);
    expect(escapeHtml(`<a href='x'>&</a>`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;');
  });
});
