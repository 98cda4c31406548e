import { beforeAll, describe, expect, it } from 'vitest';
import { inhabilesCalendarSchema, organismCalendarSchema, type CalendarDatasetResource, type OrganismCalendarResource } from '@tramita/contracts';
import { ApiClient } from '../support/api-client.ts';
import { loginWithPkce } from '../support/oidc-login.ts';
import { E2E_PASSWORD } from '../support/tramita-in-process.ts';
import { urlMatches } from '../support/url.ts';
import { useBrowserSystem } from './support/browser-system.ts';
import { checkPage, signIn } from './support/ui-session.ts';

/**
 * Issue 14: the installation's organism states its seat, one administrator proposes a correction of
 * its local calendar with the bulletin that publishes it, a second one approves it (two distinct
 * verifiers, ADR 0016), and the sede publishes the day without a token (art. 31.3 Ley 39/2015) as
 * JSON, an HTML page and iCalendar.
 */
const ORGANISM = 'E00000000';
const YEAR = 2026;
const SEVILLA = '41091';
const SECOND = 'segunda-admin';
const TEST_DAY = { date: '2026-03-10', name: 'Fiesta local de prueba' };
const REFERENCE = 'Acuerdo del Pleno de prueba BOJA-2026-E2E-0310';
const CALENDAR = `/api/calendars/${ORGANISM}`;
const PUBLIC = `${CALENDAR}/inhabiles/${YEAR}`;

describe("the web UI in Chromium: an organism's calendar of días inhábiles, corrected by one administrator and approved by another (issue 14)", () => {
  const ui = useBrowserSystem();
  let admin: ApiClient;
  const login = async (username: string) =>
    new ApiClient(
      ui.tramita.url,
      (await loginWithPkce({ baseUrl: ui.tramita.url, username, password: E2E_PASSWORD, redirectUri: `${ui.tramita.url}/callback` })).accessToken,
    );
  /** bpm's answer for the organism's calendar, as the administrator in the browser gets it. */
  const calendar = async (): Promise<OrganismCalendarResource> => organismCalendarSchema.parse(await admin.json('GET', CALENDAR, undefined, 200));
  const correctionOf = (all: OrganismCalendarResource): CalendarDatasetResource | undefined =>
    all.datasets.find((d) => d.origin === 'ORGANISM' && d.territory === SEVILLA && d.year === YEAR);

  // A second administrator of the installation's organism, so that a correction can be approved by someone other than its proposer.
  beforeAll(async () => {
    admin = await login('admin');
    const created = await admin.request('POST', '/api/users', {
      username: SECOND,
      givenName: 'Sagrario',
      familyName: 'Segunda Vera',
      roles: ['admin'],
      password: E2E_PASSWORD,
    });
    expect(created.status, await created.clone().text()).toBe(201);
  }, 120_000);

  it('states the seat, proposes a correction of the local calendar that its proposer cannot approve, and a second administrator verifies it', async () => {
    const before = await calendar();
    expect(before.configured).toBe(false);
    const shipped = before.datasets.find((d) => d.origin === 'SHIPPED' && d.territory === SEVILLA && d.year === YEAR);
    expect(shipped?.days.map((d) => [d.date, d.name])).toEqual([
      ['2026-04-22', 'Miércoles de Feria'],
      ['2026-06-04', 'Corpus Christi'],
    ]);
    expect(correctionOf(before)).toBeUndefined();

    // 1. The first administrator, from the organism's page to its calendar.
    const page = await ui.open();
    await page.goto(`${ui.tramita.url}/organismos/${ORGANISM}`);
    await urlMatches(page, /\/auth\/interaction\//);
    await signIn(page, 'admin');
    await page.getByRole('heading', { level: 1, name: /^Organismo/ }).waitFor();
    await page.getByRole('link', { name: 'Calendario de días inhábiles' }).click();
    await page.getByRole('heading', { level: 1, name: `Calendario de días inhábiles de ${ORGANISM}` }).waitFor();
    const unstated = page.getByText('El organismo no ha indicado su sede: se usa la de la instalación.', { exact: false });
    await unstated.waitFor();

    const seat = page.getByRole('form', { name: 'Sede del organismo' });
    await seat.getByRole('combobox', { name: /^Comunidad o ciudad autónoma/ }).selectOption({ label: 'Andalucía' });
    await seat.getByRole('textbox', { name: /^Municipio/ }).fill(SEVILLA);
    await seat.getByRole('combobox', { name: /^Zona horaria/ }).selectOption({ label: 'Hora peninsular (Europe/Madrid)' });
    await seat.getByRole('button', { name: 'Guardar la sede' }).click();
    await page.getByText('Se ha guardado la sede; los plazos abiertos se recalculan con ella.').waitFor();
    await unstated.waitFor({ state: 'detached' });
    const stated = await calendar();
    expect(stated).toMatchObject({ configured: true, settings: { community: 'ES-AN', municipality: SEVILLA, timeZone: 'Europe/Madrid' } });

    // The correction starts from the year's current local days; the test day is added to them.
    const correction = page.getByRole('form', { name: 'Corregir calendario local' });
    await correction.getByRole('textbox', { name: /^Año/ }).fill(String(YEAR));
    await expect(correction.getByLabel('Fecha del día 1', { exact: true }).inputValue()).resolves.toBe('2026-04-22');
    await expect(correction.getByRole('textbox', { name: 'Nombre del día 1', exact: true }).inputValue()).resolves.toBe('Miércoles de Feria');
    await expect(correction.getByLabel('Fecha del día 2', { exact: true }).inputValue()).resolves.toBe('2026-06-04');
    await expect(correction.getByRole('textbox', { name: 'Nombre del día 2', exact: true }).inputValue()).resolves.toBe('Corpus Christi');
    await correction.getByRole('button', { name: 'Añadir día' }).click();
    const newDate = correction.getByLabel('Fecha del día 3', { exact: true });
    // The new row takes the focus in its date.
    await expect.poll(() => newDate.evaluate((input) => input === document.activeElement)).toBe(true);
    await newDate.fill(TEST_DAY.date);
    await correction.getByRole('textbox', { name: 'Nombre del día 3', exact: true }).fill(TEST_DAY.name);
    await correction.getByRole('textbox', { name: /^Boletín/ }).fill('BOJA');
    await correction.getByRole('textbox', { name: /^Referencia/ }).fill(REFERENCE);
    await correction.getByRole('button', { name: 'Proponer la corrección' }).click();
    await page.getByText(`Se ha propuesto la corrección de ${YEAR}: queda en borrador hasta que otra persona la apruebe.`).waitFor();

    const proposed = correctionOf(await calendar());
    expect(proposed).toMatchObject({
      level: 'LOCAL',
      status: 'DRAFT',
      verifiedBy: [],
      sources: [expect.objectContaining({ bulletin: 'BOJA', reference: REFERENCE })],
    });
    expect(proposed!.version).toBeGreaterThan(shipped!.version);
    expect(proposed!.days.map((d) => d.date).sort()).toEqual(['2026-03-10', '2026-04-22', '2026-06-04']);

    // The datasets table shows the new version: the organism's, in draft, with its bulletin.
    const datasets = page.getByRole('table', { name: 'Calendarios del organismo con su versión, estado y boletines' });
    const row = datasets
      .locator('tbody tr')
      .filter({ hasText: `(${SEVILLA})` })
      .filter({ hasText: 'Corrección del organismo' });
    await row.waitFor();
    const cells = await row.locator('td, th').allInnerTexts();
    expect(cells.slice(0, 6).map((cell) => cell.trim())).toEqual([
      String(YEAR),
      `Sevilla (${SEVILLA})`,
      'Local',
      String(proposed!.version),
      'Borrador',
      'Corrección del organismo',
    ]);
    expect(cells[6]).toContain(`BOJA ${REFERENCE}`);

    // Its proposer is not offered the approval (a second administrator verifies it), and bpm refuses it to them anyway.
    expect(await row.getByRole('button', { name: /^Aprobar/ }).count()).toBe(0);
    const own = await admin.request('POST', `/api/calendars/${ORGANISM}/corrections/${YEAR}/${proposed!.version}/approve`);
    expect(own.status).toBe(409);
    expect(await own.json()).toMatchObject({ code: 'same-approver' });
    await expect(row.innerText()).resolves.toContain('Borrador');
    expect(correctionOf(await calendar())).toMatchObject({ version: proposed!.version, status: 'DRAFT' });
    await checkPage(page, 'calendar');

    // 2. The second administrator approves it.
    const second = await ui.open();
    await second.goto(`${ui.tramita.url}/organismos/${ORGANISM}/calendario`);
    await urlMatches(second, /\/auth\/interaction\//);
    await signIn(second, SECOND);
    await second.getByRole('heading', { level: 1, name: `Calendario de días inhábiles de ${ORGANISM}` }).waitFor();
    const theirRow = second
      .getByRole('table', { name: 'Calendarios del organismo con su versión, estado y boletines' })
      .locator('tbody tr')
      .filter({ hasText: `(${SEVILLA})` })
      .filter({ hasText: 'Corrección del organismo' });
    await theirRow.getByRole('button', { name: `Aprobar la corrección de ${YEAR}, versión ${proposed!.version}` }).click();
    await second.getByText(`Se ha aprobado la corrección de ${YEAR} (versión ${proposed!.version}); los plazos abiertos se recalculan.`).waitFor();
    await theirRow.getByText('Verificado', { exact: true }).waitFor();
    await expect(theirRow.innerText()).resolves.toContain(`verificado por admin, ${SECOND}`);
    expect(await theirRow.getByRole('button').count()).toBe(0);
    expect(correctionOf(await calendar())).toMatchObject({ version: proposed!.version, status: 'VERIFIED', verifiedBy: ['admin', SECOND] });
    // This year's and next year's readiness, dataset by dataset, as bpm states it.
    const { coverage } = await calendar();
    expect(coverage).toHaveLength(2);
    const readiness = second.getByRole('region', { name: 'Calendarios de este año y del siguiente' });
    for (const year of coverage) {
      const group = readiness.getByRole('group', { name: `Año ${year.year} ${year.status === 'FINAL' ? 'Definitivo' : 'Provisional'}` });
      const local = year.calendars.find((use) => use.territory === SEVILLA);
      const line = await group
        .getByRole('listitem')
        .filter({ hasText: `(${SEVILLA})` })
        .innerText();
      expect(line).toContain(local?.status === 'MISSING' ? 'No cargado' : `versión ${local?.version}`);
    }
    await checkPage(second, 'calendar-approved');
  }, 240_000);

  it('publishes the corrected day without a token as JSON, iCalendar and an HTML page (art. 31.3)', async () => {
    const json = await fetch(`${ui.tramita.url}${PUBLIC}`);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    const published = inhabilesCalendarSchema.parse(await json.json());
    expect(published).toMatchObject({ organism: ORGANISM, year: YEAR, seat: { community: 'ES-AN', municipality: SEVILLA }, timeZone: 'Europe/Madrid' });
    const tested = published.days.find((day) => day.date === TEST_DAY.date);
    expect(tested?.reasons).toEqual([{ kind: 'HOLIDAY', name: TEST_DAY.name, territory: SEVILLA, territoryName: 'Sevilla', source: REFERENCE }]);
    // The approved correction is the local dataset consulted, and every dataset consulted is verified.
    const local = published.calendars.find((use) => use.year === YEAR && use.territory === SEVILLA);
    expect(local?.status).toBe('VERIFIED');
    expect(local?.version).toBeGreaterThan(1);
    expect(published.status).toBe('FINAL');

    const ics = await fetch(`${ui.tramita.url}${PUBLIC}?format=ics`);
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toMatch(/^text\/calendar/);
    // Unfolded (RFC 5545 §3.1), the day's event names it.
    const lines = (await ics.text()).replaceAll('\r\n ', '').split('\r\n');
    const start = lines.indexOf('DTSTART;VALUE=DATE:20260310');
    expect(start).toBeGreaterThan(0);
    const event = lines.slice(lines.lastIndexOf('BEGIN:VEVENT', start), lines.indexOf('END:VEVENT', start) + 1);
    expect(event).toEqual(
      expect.arrayContaining([`UID:2026-03-10-${ORGANISM}@tramita`, 'DTEND;VALUE=DATE:20260311', `SUMMARY:${TEST_DAY.name}`, 'END:VEVENT']),
    );

    const html = await fetch(`${ui.tramita.url}${PUBLIC}?format=html`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await html.text()).toMatch(/<tr><td><time datetime="2026-03-10">[^<]+<\/time><\/td><td>martes<\/td><td>Fiesta local de prueba<\/td>/);

    // The same page in a browser that never signed in.
    const page = await ui.open();
    await page.goto(`${ui.tramita.url}${PUBLIC}?format=html`);
    const table = page.getByRole('table', { name: `Días inhábiles entre semana de ${YEAR} en la sede del organismo` });
    const row = table.getByRole('row').filter({ hasText: TEST_DAY.name });
    await expect(row.locator('td').allInnerTexts()).resolves.toEqual(['10 de marzo de 2026', 'martes', TEST_DAY.name, `Sevilla (${SEVILLA})`, REFERENCE]);
    await checkPage(page, 'calendar-public');
  }, 60_000);
});
