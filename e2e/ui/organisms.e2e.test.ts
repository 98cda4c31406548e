import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { createExpediente } from '../support/create-expediente.ts';
import { loginWithPkce } from '../support/oidc-login.ts';
import { E2E_PASSWORD } from '../support/tramita-in-process.ts';
import { urlMatches } from '../support/url.ts';
import { useBrowserSystem } from './support/browser-system.ts';
import { checkPage, signIn } from './support/ui-session.ts';

/** Where the look of both organisms pages and the audit page is kept for a person to check (outside the repository). */
const SCREENSHOTS = process.env.ORGANISMS_SCREENSHOTS ?? '/tmp';

describe('the web UI in Chromium: organisms, their units and members, and the audit page', () => {
  const ui = useBrowserSystem();
  const stamp = Date.now();
  const code = `EXP-AUDITORIA-${stamp}`;
  // A DIR3 code of its own each run (9 characters, a letter first), typed in lower case as people do.
  const organism = `L${String(stamp).slice(-8)}`;
  const unit = `A${String(stamp).slice(-8)}`;

  // An expediente made through the API once the system is up: the administrator reads it in the browser.
  beforeAll(async () => {
    const { tramita } = ui;
    const { accessToken } = await loginWithPkce({ baseUrl: tramita.url, username: 'agat', password: E2E_PASSWORD, redirectUri: `${tramita.url}/callback` });
    await createExpediente(new ApiClient(tramita.url, accessToken), code, 'Licencia de actividad en la plaza Mayor');
  }, 120_000);

  it("lists an expediente's creation and its reading in the audit trail after the administrator opens it, and downloads the export", async () => {
    const page = await ui.open();
    await page.goto(`${ui.tramita.url}/expedientes/${code}`);
    await urlMatches(page, /\/auth\/interaction\//);
    await signIn(page, 'admin');
    await page.getByRole('heading', { level: 1, name: `Expediente ${code}` }).waitFor();
    await page.getByRole('link', { name: 'Auditoría' }).click();
    await page.getByRole('heading', { level: 1, name: `Auditoría del expediente ${code}` }).waitFor();

    const trail = page.getByRole('table', { name: `Registro de auditoría del expediente ${code}` });
    await trail.getByRole('cell', { name: 'file.read' }).first().waitFor();
    const rows = await trail.locator('tbody tr').allInnerTexts();
    expect(rows.some((row) => row.includes('file.create') && row.includes('Gat Alba, Antonio (agat)'))).toBe(true);
    expect(rows.some((row) => row.includes('file.read') && row.includes('López Navarro, Carlos (admin)'))).toBe(true);
    await checkPage(page, 'audit-trail');
    await page.screenshot({ path: `${SCREENSHOTS}/audit-page.png`, fullPage: true });

    // The files service's export of the expediente's range of its chain, saved by the browser.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exportar la cadena de files' }).click()]);
    expect(download.suggestedFilename()).toBe(`audit-files-${code}.jsonl`);
    const lines = (await readFile(await download.path(), 'utf8')).trim().split('\n');
    const entries = lines.map((line) => JSON.parse(line) as { action?: string; file_code?: string });
    expect(entries.some((entry) => entry.action === 'file.create' && entry.file_code === code)).toBe(true);
  }, 120_000);

  it('the platform administrator adds an organism and a unit, and makes an existing user a tramitador of it with that unit', async () => {
    const page = await ui.open();
    await page.goto(`${ui.tramita.url}/expedientes`);
    await urlMatches(page, /\/auth\/interaction\//);
    await signIn(page, 'admin');
    await page.getByRole('heading', { level: 1, name: 'Expedientes' }).waitFor();
    await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Organismos' }).click();
    await page.getByRole('heading', { level: 1, name: 'Organismos' }).waitFor();

    // A code that is not DIR3 is refused by its field before anything is sent.
    const add = page.getByRole('form', { name: 'Nuevo organismo' });
    const codeField = add.getByLabel('Código DIR3');
    await codeField.fill('12345');
    await add.getByLabel('Nombre').fill('Ayuntamiento de Villaverde');
    await add.getByRole('button', { name: 'Añadir organismo' }).click();
    expect(await codeField.getAttribute('aria-invalid')).toBe('true');
    await page.getByText('El código DIR3 tiene 9 letras o números y empieza por una letra.').waitFor();

    await codeField.fill(organism.toLowerCase());
    await add.getByRole('button', { name: 'Añadir organismo' }).click();
    await page.getByText(`Organismo ${organism} añadido.`).waitFor();
    await checkPage(page, 'organisms');
    await page.screenshot({ path: `${SCREENSHOTS}/organisms-page.png`, fullPage: true });

    // The same code again: the server's refusal shows by the code field.
    await codeField.fill(organism);
    await add.getByLabel('Nombre').fill('Otra vez');
    await add.getByRole('button', { name: 'Añadir organismo' }).click();
    await page.getByText('Ya existe un organismo con ese código DIR3.').waitFor();
    expect(await codeField.getAttribute('aria-invalid')).toBe('true');

    await page.getByRole('link', { name: 'Ayuntamiento de Villaverde' }).click();
    await page.getByRole('heading', { level: 1, name: 'Organismo: Ayuntamiento de Villaverde' }).waitFor();
    const units = page.getByRole('region', { name: 'Unidades' });
    await units.getByText('El organismo no tiene unidades.').waitFor();
    const addUnit = units.getByRole('form', { name: 'Nueva unidad' });
    await addUnit.getByLabel('Código DIR3').fill(unit);
    await addUnit.getByLabel('Nombre').fill('Licencias urbanísticas');
    await addUnit.getByRole('button', { name: 'Añadir unidad' }).click();
    await units.getByText(`Unidad ${unit} añadida.`).waitFor();
    await units.getByRole('row', { name: /Licencias urbanísticas/ }).waitFor();

    const members = page.getByRole('region', { name: 'Miembros' });
    await members.getByText('El organismo no tiene miembros.').waitFor();
    await members.getByRole('button', { name: 'Añadir miembro' }).click();
    const form = members.getByRole('form', { name: 'Nuevo miembro' });
    // Someone with no account: the server's 404 is said by the user name field.
    await form.getByLabel('Usuario').fill('nadie');
    await form.getByLabel('Tramitador').check();
    await form.getByRole('button', { name: 'Añadir miembro' }).click();
    await form.getByText('No existe ningún usuario con ese nombre.').waitFor();
    expect(await form.getByLabel('Usuario').getAttribute('aria-invalid')).toBe('true');

    await form.getByLabel('Usuario').fill('consulta');
    await form.getByLabel(/Licencias urbanísticas/).check();
    await checkPage(page, 'organism-member-form');
    await page.screenshot({ path: `${SCREENSHOTS}/organism-member-form.png`, fullPage: true });
    await form.getByRole('button', { name: 'Añadir miembro' }).click();
    await members.getByText('Se han guardado los roles y unidades de García Molina, Elena.').waitFor();
    const row = members.getByRole('row', { name: /García Molina, Elena/ });
    await expect(row.innerText()).resolves.toMatch(/consulta\s+Tramitador\s+Licencias urbanísticas/);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Cambiar los roles y unidades de García Molina, Elena');
    await checkPage(page, 'organism');
    await page.screenshot({ path: `${SCREENSHOTS}/organism-page.png`, fullPage: true });

    // auth keeps it: the membership is what the API answers too.
    const { accessToken } = await loginWithPkce({
      baseUrl: ui.tramita.url,
      username: 'admin',
      password: E2E_PASSWORD,
      redirectUri: `${ui.tramita.url}/callback`,
    });
    const listed = await new ApiClient(ui.tramita.url, accessToken).json<{ items: { username: string; roles: string[]; units: string[] }[] }>(
      'GET',
      `/api/organisms/${organism}/members`,
      undefined,
      200,
    );
    expect(listed.items).toEqual([expect.objectContaining({ username: 'consulta', roles: ['tramitador'], units: [unit] })]);
  }, 180_000);

  it("the organism's administrator creates an account for one of its people, who logs in and sees only that organism", async () => {
    // The organism's first administrator: an account the platform's administrator makes for it through the API.
    const chief = `alcaldia${String(stamp).slice(-6)}`;
    const person = `vecina${String(stamp).slice(-6)}`;
    const { accessToken } = await loginWithPkce({
      baseUrl: ui.tramita.url,
      username: 'admin',
      password: E2E_PASSWORD,
      redirectUri: `${ui.tramita.url}/callback`,
    });
    await new ApiClient(ui.tramita.url, accessToken).json(
      'POST',
      `/api/organisms/${organism}/accounts`,
      { username: chief, givenName: 'Amparo', familyName: 'Alcalde Ruiz', password: 'tejado-rojo-y-nube-azul', roles: ['admin'], units: [] },
      201,
    );

    const page = await ui.open();
    await page.goto(`${ui.tramita.url}/organismos/${organism}`);
    await urlMatches(page, /\/auth\/interaction\//);
    await signIn(page, chief, 'tejado-rojo-y-nube-azul');
    await page.getByRole('heading', { level: 1, name: 'Organismo: Ayuntamiento de Villaverde' }).waitFor();
    const members = page.getByRole('region', { name: 'Miembros' });
    await members.getByRole('button', { name: 'Nueva cuenta' }).click();
    const form = members.getByRole('form', { name: 'Nueva cuenta' });
    await form.getByLabel('Usuario').fill(person);
    await form.getByLabel(/^Nombre/).fill('Valeria');
    await form.getByLabel('Apellidos').fill('Vecina Sanz');
    // A password with the person's name in it: the server's refusal shows by the password field.
    await form.getByLabel('Contraseña inicial').fill('valeria-2024-clave');
    await form.getByLabel('Administrador del organismo').check();
    await form.getByLabel(/Licencias urbanísticas/).check();
    await form.getByRole('button', { name: 'Crear cuenta' }).click();
    await form.getByText(/La contraseña no es segura/).waitFor();
    expect(await form.getByLabel('Contraseña inicial').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Contraseña inicial').fill('tejado-rojo-y-nube-azul');
    await checkPage(page, 'organism-account-form');
    await form.getByRole('button', { name: 'Crear cuenta' }).click();
    await members.getByText(`Se ha creado la cuenta ${person} de Vecina Sanz, Valeria.`).waitFor();
    const row = members.getByRole('row', { name: /Vecina Sanz, Valeria/ });
    await expect(row.innerText()).resolves.toMatch(/Administrador del organismo\s+Licencias urbanísticas\s+Activa/);
    await row.getByRole('button', { name: 'Restablecer contraseña de Vecina Sanz, Valeria' }).waitFor();
    await checkPage(page, 'organism-accounts');

    // The new person logs in and sees only that organism.
    const theirs = await ui.open();
    await theirs.goto(`${ui.tramita.url}/organismos`);
    await urlMatches(theirs, /\/auth\/interaction\//);
    await signIn(theirs, person, 'tejado-rojo-y-nube-azul');
    await theirs.getByRole('heading', { level: 1, name: 'Organismos' }).waitFor();
    await theirs.getByRole('link', { name: 'Ayuntamiento de Villaverde' }).waitFor();
    expect(await theirs.getByRole('table').locator('tbody tr').count()).toBe(1);
  }, 180_000);
});
