import { beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { createExpediente } from '../support/create-expediente.ts';
import { loginWithPkce } from '../support/oidc-login.ts';
import { E2E_PASSWORD } from '../support/tramita-in-process.ts';
import { urlMatches } from '../support/url.ts';
import { useBrowserSystem } from './support/browser-system.ts';
import { checkPage, signIn } from './support/ui-session.ts';

/** Where the look of the detail page with both sections is kept for a person to check (outside the repository). */
const SCREENSHOT = process.env.INTERESADOS_SCREENSHOT ?? '/tmp/interesados-detail.png';

describe('the web UI in Chromium: interesados and related expedientes', () => {
  const ui = useBrowserSystem();
  const stamp = Date.now();
  const appeal = `EXP-RECURSO-${stamp}`;
  const appealed = `EXP-RESUELTO-${stamp}`;

  // Two expedientes made through the API once the system is up: the browser relates them.
  beforeAll(async () => {
    const { tramita } = ui;
    const { accessToken } = await loginWithPkce({ baseUrl: tramita.url, username: 'agat', password: E2E_PASSWORD, redirectUri: `${tramita.url}/callback` });
    const api = new ApiClient(tramita.url, accessToken);
    await createExpediente(api, appeal, 'Recurso de reposición contra la licencia');
    await createExpediente(api, appealed, 'Licencia de obra resuelta');
  }, 120_000);

  it('adds an interesado (a wrong check letter refused by its field), edits it, shows its history, relates two expedientes seen from both, and finds the NIF', async () => {
    const page = await ui.open();
    await page.goto(`${ui.tramita.url}/expedientes/${appeal}`);
    await urlMatches(page, /\/auth\/interaction\//);
    await signIn(page);
    await page.getByRole('heading', { level: 1, name: `Expediente ${appeal}` }).waitFor();
    const interesados = page.getByRole('region', { name: 'Interesados' });
    await interesados.getByText('El expediente no tiene interesados.').waitFor();

    // A NIF whose check letter is wrong: the files service refuses it, and says so by the field.
    await interesados.getByRole('button', { name: 'Añadir interesado' }).click();
    const form = page.getByRole('form', { name: 'Nuevo interesado' });
    const documentField = form.getByLabel('Documento (NIF, NIE o CIF)');
    await documentField.fill('12345678A');
    await form.getByLabel('Nombre').fill('García López, María');
    await form.getByLabel('Condición').selectOption({ label: 'Solicitante' });
    await form.getByLabel('Correo electrónico').fill('maria@example.es');
    await form.getByRole('button', { name: 'Añadir interesado' }).click();
    await page.getByText('Revise los datos señalados.').waitFor();
    expect(await documentField.getAttribute('aria-invalid')).toBe('true');
    const errorId = (await documentField.getAttribute('aria-describedby'))!.split(' ').find((id) => id.endsWith('-error'))!;
    const error = await page.locator(`[id="${errorId}"]`).innerText();
    expect(error).toContain('No es un NIF, NIE o CIF válido');
    expect(error).toContain('should be Z');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-invalid'))).toBe('true');
    await checkPage(page, 'interesados-invalid-document');

    // Corrected, typed as people do (dots and a hyphen): stored normalised.
    await documentField.fill('12.345.678-z');
    await form.getByRole('button', { name: 'Añadir interesado' }).click();
    await interesados.getByText('Interesado añadido.').waitFor();
    const row = interesados.getByRole('row', { name: /García López, María/ });
    await expect(row.innerText()).resolves.toContain('12345678Z (NIF)');
    await expect(row.innerText()).resolves.toContain('Solicitante');

    // Edit: a phone number added.
    await interesados.getByRole('button', { name: 'Modificar los datos de García López, María' }).click();
    const edit = page.getByRole('form', { name: 'Modificar los datos de García López, María' });
    await edit.getByLabel('Teléfono').fill('+34 600 123 456');
    await edit.getByRole('button', { name: 'Guardar cambios' }).click();
    await interesados.getByText('Se han guardado los datos de García López, María.').waitFor();
    await interesados.getByText('+34 600 123 456').waitFor();

    // The history: who added and who changed what, newest first.
    await interesados.getByText('Historial de cambios de los interesados').click();
    const history = interesados.getByRole('table', { name: /Cambios de los interesados/ });
    await history.locator('tbody tr').nth(1).waitFor();
    const changes = await history.locator('tbody tr').allInnerTexts();
    expect(changes).toHaveLength(2);
    expect(changes[0]).toMatch(/Genérico, Usuario\s+Modificación\s+García López, María\s+12345678Z\s+teléfono/);
    expect(changes[1]).toMatch(/Genérico, Usuario\s+Alta/);

    // Relate: this expediente is an appeal against the other one.
    const relations = page.getByRole('region', { name: 'Expedientes relacionados' });
    await relations.getByLabel('Relación').selectOption({ label: 'Es recurso contra' });
    await relations.getByLabel('Código del otro expediente').fill(appealed);
    await relations.getByRole('button', { name: 'Relacionar' }).click();
    await relations.getByText(`Expediente relacionado con ${appealed}.`).waitFor();
    await expect(relations.getByRole('listitem').innerText()).resolves.toMatch(new RegExp(`^Es recurso contra\\s+${appealed}\\s`));
    await checkPage(page, 'interesados-detail');
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // The other expediente reads the same relation from its side.
    await relations.getByRole('link', { name: appealed }).click();
    await page.getByRole('heading', { level: 1, name: `Expediente ${appealed}` }).waitFor();
    const other = page.getByRole('region', { name: 'Expedientes relacionados' });
    await other.getByRole('link', { name: appeal }).waitFor();
    await expect(other.getByRole('listitem').innerText()).resolves.toMatch(new RegExp(`^Recurrido en\\s+${appeal}\\s`));

    // Find the person by NIF from the navigation: the expediente where they appear, linked.
    await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Buscar interesado' }).click();
    await page.getByRole('heading', { level: 1, name: 'Buscar interesado por NIF' }).waitFor();
    await page.getByLabel('NIF, NIE o CIF').fill('12345678Z');
    await page.getByRole('button', { name: 'Buscar', exact: true }).click();
    await urlMatches(page, /\/interesados\?documento=12345678Z$/);
    await page.getByText('Figura en 1 expediente.').waitFor();
    await checkPage(page, 'interesados-search');
    await page.getByRole('link', { name: appeal }).click();
    await page.getByRole('heading', { level: 1, name: `Expediente ${appeal}` }).waitFor();
  }, 240_000);
});
