import { beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { createExpediente } from '../support/create-expediente.ts';
import { loginWithPkce } from '../support/oidc-login.ts';
import { E2E_PASSWORD } from '../support/tramita-in-process.ts';
import { urlMatches } from '../support/url.ts';
import { useBrowserSystem } from './support/browser-system.ts';
import { checkPage, signIn } from './support/ui-session.ts';

describe("the web UI in Chromium: a tramitador's tasks and the expediente's procedure diagram", () => {
  const ui = useBrowserSystem();
  const code = `EXP-TAREAS-${Date.now()}`;

  // An expediente of the shipped BPMN procedure, made through the API: its first task waits for a tramitador.
  beforeAll(async () => {
    const { tramita } = ui;
    const { accessToken } = await loginWithPkce({ baseUrl: tramita.url, username: 'agat', password: E2E_PASSWORD, redirectUri: `${tramita.url}/callback` });
    await createExpediente(new ApiClient(tramita.url, accessToken), code, 'Licencia de obra menor en la calle del Pez');
  }, 120_000);

  it('claims the first task from "Mis tareas" with the keyboard, completes it with its decision, and the diagram shows where the process went', async () => {
    const page = await ui.open();
    await page.goto(`${ui.tramita.url}/tareas`);
    await urlMatches(page, /\/auth\/interaction\//);
    await signIn(page, 'tramitador');
    await page.getByRole('heading', { level: 1, name: 'Mis tareas' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Mis tareas' }).getAttribute('aria-current')).toBe(
      'page',
    );

    const filters = page.getByRole('search', { name: 'Filtrar tareas' });
    await filters.getByLabel('Expediente').fill(code);
    await filters.getByLabel('Mostrar').selectOption({ label: 'Disponibles para reclamar' });
    await filters.getByRole('button', { name: 'Filtrar' }).click();
    await urlMatches(page, (url) => url.searchParams.get('fileCode') === code && url.searchParams.get('scope') === 'claimable');
    const row = page.getByRole('row', { name: /Fase inicial/ });
    await row.getByRole('link', { name: code }).waitFor();
    await expect(row.innerText()).resolves.toMatch(/Tramitación de expediente\s+Sin plazo\s+Sin asignar \(tramitador\)/);
    await checkPage(page, 'tasks-inbox');

    // Claimed from the keyboard: the button is reached and pressed like any other.
    const claim = row.getByRole('button', { name: `Reclamar la tarea «Fase inicial» del expediente ${code}` });
    await claim.focus();
    await page.keyboard.press('Enter');
    await page.getByText(`Ha reclamado la tarea «Fase inicial» del expediente ${code}.`).waitFor();
    // Now it is hers, no longer claimable: the view with every task of hers shows it.
    await filters.getByLabel('Mostrar').selectOption({ label: 'Asignadas a mí' });
    await filters.getByRole('button', { name: 'Filtrar' }).click();
    await expect(page.getByRole('row', { name: /Fase inicial/ }).innerText()).resolves.toContain('Usted');

    await page.getByRole('button', { name: `Completar la tarea «Fase inicial» del expediente ${code}` }).click();
    const form = page.getByRole('form', { name: `Completar «Fase inicial» (expediente ${code})` });
    const decision = form.getByRole('radio', { name: 'Pasar a: Fase de análisis técnico' });
    await decision.waitFor();
    expect(await decision.isChecked()).toBe(true);
    await checkPage(page, 'task-complete');
    await form.getByRole('button', { name: 'Completar tarea' }).click();
    await page.getByText(`Tarea «Fase inicial» del expediente ${code} completada.`).waitFor();
    await page.getByText('No hay tareas que cumplan estos criterios.').waitFor();

    // The expediente's diagram: the first phase done, the technical analysis in progress, in colour and in words.
    await page.goto(`${ui.tramita.url}/expedientes/${code}`);
    await page.getByRole('heading', { level: 1, name: `Expediente ${code}` }).waitFor();
    const figure = page.getByRole('figure', { name: `Diagrama del procedimiento del expediente ${code}` });
    await figure.getByText('En curso: Fase de análisis técnico.').waitFor();
    await figure.getByText(/Completadas: .*Fase inicial \(1 vez\)/).waitFor();
    await figure.locator('[data-element-id="ANALISIS_TECNICO"].phase-active').waitFor({ state: 'attached' });
    await figure.locator('[data-element-id="INICIAL"].phase-done').waitFor({ state: 'attached' });
    await figure.locator('.diagram-badge-active', { hasText: 'en curso' }).waitFor();
    // bpmn-js's licence: its logo stays in view.
    await figure.locator('.bjs-powered-by').waitFor({ state: 'visible' });
    await checkPage(page, 'file-diagram');
  }, 180_000);

  it('draws the diagram under the real Content-Security-Policy without a single violation', async () => {
    const page = await ui.open({ bypassCSP: false });
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(`${ui.tramita.url}/expedientes/${code}`);
    await urlMatches(page, /\/auth\/interaction\//);
    await signIn(page, 'tramitador');
    const figure = page.getByRole('figure', { name: `Diagrama del procedimiento del expediente ${code}` });
    await figure.getByText(/En curso: /).waitFor();
    await figure.locator('.djs-container svg').waitFor();
    await figure.locator('.bjs-powered-by').waitFor({ state: 'visible' });
    expect(violations).toEqual([]);
  }, 90_000);
});
