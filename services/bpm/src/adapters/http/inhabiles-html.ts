import type { InhabilesCalendarResource } from '@tramita/contracts';
import { spanishDate } from '@tramita/legal-time';

export const HTML_CONTENT_TYPE = 'text/html; charset=utf-8';
/** The page loads nothing from anywhere: its only style is inline. */
export const INHABILES_HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Text placed in HTML: every character that could open markup or end an attribute is escaped. */
export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

const STATUS_TEXT: Record<InhabilesCalendarResource['status'], string> = {
  FINAL: 'Calendario definitivo: todos los calendarios consultados están verificados.',
  PROVISIONAL:
    'Calendario provisional: alguno de los calendarios consultados no está cargado o es todavía un borrador, de modo que esta relación puede cambiar.',
};
const USE_STATUS: Record<InhabilesCalendarResource['calendars'][number]['status'], string> = {
  VERIFIED: 'verificado',
  DRAFT: 'borrador',
  MISSING: 'no cargado',
};

function rows(calendar: InhabilesCalendarResource): string[] {
  return calendar.days.flatMap((day) => {
    const [weekday = '', ...rest] = spanishDate(day.date).split(' ');
    return day.reasons
      .filter((reason) => reason.kind === 'HOLIDAY')
      .map((reason) => {
        const territory =
          reason.territoryName && reason.territory ? `${reason.territoryName} (${reason.territory})` : (reason.territoryName ?? reason.territory ?? '');
        const cells = [
          `<td><time datetime="${escapeHtml(day.date)}">${escapeHtml(rest.join(' '))}</time></td>`,
          `<td>${escapeHtml(weekday)}</td>`,
          `<td>${escapeHtml(reason.name ?? 'Festivo')}</td>`,
          `<td>${escapeHtml(territory)}</td>`,
          `<td>${escapeHtml(reason.source ?? '')}</td>`,
        ];
        return `<tr>${cells.join('')}</tr>`;
      });
  });
}

/**
 * The organ's calendar of días inhábiles as a small page its sede can link (art. 31.3 Ley 39/2015):
 * in Spanish, a captioned table with headed columns, the weekend rule and the status in words,
 * every text escaped and nothing loaded from elsewhere.
 */
export function inhabilesHtml(calendar: InhabilesCalendarResource): string {
  const title = `Días inhábiles de ${calendar.year} · ${calendar.organismName ?? calendar.organism}`;
  const seat = [calendar.seat.community, calendar.seat.municipality].filter((part) => part !== null).join(', municipio ');
  const body = rows(calendar);
  const table =
    body.length === 0
      ? '<p>No consta ningún día inhábil entre semana en los calendarios consultados.</p>'
      : [
          '<table>',
          `<caption>Días inhábiles entre semana de ${calendar.year} en la sede del organismo</caption>`,
          '<thead><tr><th scope="col">Fecha</th><th scope="col">Día de la semana</th><th scope="col">Motivo</th><th scope="col">Territorio</th><th scope="col">Boletín</th></tr></thead>',
          `<tbody>${body.join('')}</tbody>`,
          '</table>',
        ].join('\n');
  const consulted = calendar.calendars
    .map((use) => `<li>${escapeHtml(`${use.territory} ${use.year}: ${use.version === null ? '' : `versión ${use.version}, `}${USE_STATUS[use.status]}`)}</li>`)
    .join('');
  return `<!DOCTYPE html>
<html lang="es">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:1.5rem;line-height:1.5;color:#1a1a1a}table{border-collapse:collapse}th,td{border:1px solid #767676;padding:.25rem .5rem;text-align:left}caption{text-align:left;font-weight:bold;margin-bottom:.5rem}.estado{font-weight:bold}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<p>Sede: ${escapeHtml(seat)} (hora oficial: ${escapeHtml(calendar.timeZone)}).</p>
<p class="estado">${escapeHtml(STATUS_TEXT[calendar.status])}</p>
<p>${escapeHtml(calendar.note)}</p>
${table}
<h2>Calendarios consultados</h2>
<ul>${consulted}</ul>
</main>
</body>
</html>
`;
}
