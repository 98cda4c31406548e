import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { useBrowserSystem } from './support/browser-system.ts';
import { checkPage, signIn } from './support/ui-session.ts';
import { urlMatches } from '../support/url.ts';

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);

describe('the web UI in Chromium: the whole life of an expediente', () => {
  const ui = useBrowserSystem();

  it('logs in, creates with two documents, finds, edits, walks every phase, downloads, locks and logs out', async () => {
    const { tramita } = ui;
    const page = await ui.open();
    const code = `EXP-UI-${Date.now()}`;

    // Opening the app sends the browser to the provider's login page.
    await page.goto(tramita.url);
    await urlMatches(page, /\/auth\/interaction\//);
    await expect(page.title()).resolves.toBe('Tramita — Iniciar sesión');
    await checkPage(page, 'login');
    await signIn(page);
    await urlMatches(page, /\/expedientes$/);
    await page.getByRole('heading', { level: 1, name: 'Expedientes' }).waitFor();
    await expect(page.locator('.user-name').innerText()).resolves.toContain('Genérico, Usuario');

    // Create with two documents, following the saga to the detail.
    await page.getByRole('link', { name: 'Nuevo expediente' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Nuevo expediente' }).waitFor();
    await page.getByLabel('Código').fill(code);
    await page.getByText('El código está disponible.').waitFor();
    await page.getByLabel('Opción inicial').selectOption({ label: 'Sede electrónica' });
    await page.getByLabel('Descripción').fill('Licencia de obra menor en la calle Mayor');
    await page.locator('input[type="file"]').setInputFiles([
      { name: 'Solicitud año 2026.pdf', mimeType: 'application/pdf', buffer: pdf('Solicitud') },
      { name: 'Plano de situación.pdf', mimeType: 'application/pdf', buffer: pdf('Plano') },
    ]);
    await page.locator('.upload-done').nth(1).waitFor();
    await checkPage(page, 'create');
    await page.getByRole('button', { name: 'Crear expediente' }).click();
    await urlMatches(page, new RegExp(`/expedientes/${code}$`));
    await page.getByText('El expediente se ha creado correctamente.').waitFor();
    await page.getByRole('heading', { level: 1, name: `Expediente ${code}` }).waitFor();
    await expect(page.locator('.facts').first().innerText()).resolves.toContain('Genérico, Usuario');
    await expect(page.getByRole('cell', { name: 'Solicitud año 2026.pdf', exact: true }).count()).resolves.toBe(1);
    await expect(page.getByRole('cell', { name: 'Plano de situación.pdf', exact: true }).count()).resolves.toBe(1);

    // Find it by search (the list is eventually consistent: search until it shows).
    await page.getByRole('link', { name: 'Volver al listado' }).click();
    await page.getByRole('heading', { level: 1, name: 'Expedientes' }).waitFor();
    for (let attempt = 0; attempt < 30; attempt += 1) {
      await page.getByLabel('Buscar', { exact: true }).fill(code);
      await page.getByRole('button', { name: 'Buscar', exact: true }).click();
      await urlMatches(page, new RegExp(`q=${code}`));
      await page.locator('.results-summary').filter({ hasNotText: 'Cargando' }).waitFor();
      if ((await page.getByRole('link', { name: code }).count()) > 0) break;
      await page.reload();
    }
    await page.getByRole('link', { name: code }).waitFor();
    await checkPage(page, 'list');
    await page.getByRole('link', { name: code }).click();
    await page.getByRole('heading', { level: 1, name: `Expediente ${code}` }).waitFor();

    // Edit description and initial option.
    await page.getByLabel('Descripción').fill('Licencia de obra mayor en la calle Mayor');
    await page.getByLabel('Opción inicial').selectOption({ label: 'A petición departamento' });
    await page.getByRole('button', { name: 'Guardar cambios' }).click();
    await page.locator('.facts').first().getByText('Licencia de obra mayor en la calle Mayor').waitFor();
    await checkPage(page, 'detail');

    // Walk the phases, rejection loop included.
    const walk = ['Fase de análisis técnico', 'Fase rechazado', 'Fase inicial', 'Fase de análisis técnico', 'Fase de validación', 'Finalizado'];
    for (const phase of walk) {
      const select = page.getByLabel('Nueva fase');
      await select.waitFor();
      const offered = await select.locator('option').allInnerTexts();
      expect(offered, `"${phase}" offered`).toContain(phase);
      await select.selectOption({ label: phase });
      await page.getByRole('button', { name: 'Cambiar de fase' }).click();
      await page.locator('.facts dd').getByText(phase, { exact: true }).first().waitFor();
    }

    // Finished and read-only: no edit or phase forms, the full history.
    await page.getByText('Este expediente está finalizado: solo se puede consultar.').waitFor();
    await expect(page.getByRole('button', { name: 'Guardar cambios' }).count()).resolves.toBe(0);
    await expect(page.getByLabel('Nueva fase').count()).resolves.toBe(0);
    await expect(
      page
        .locator('section', { has: page.getByRole('heading', { name: 'Historial de fases' }) })
        .locator('tbody tr')
        .count(),
    ).resolves.toBe(7);

    // Download a document with the token, as a file.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Descargar Solicitud año 2026.pdf' }).click()]);
    expect(download.suggestedFilename()).toBe('Solicitud año 2026.pdf');
    const saved = await readFile(await download.path());
    expect(saved.equals(pdf('Solicitud'))).toBe(true);
    await checkPage(page, 'detail-finished');

    // Log out: the provider asks to confirm, then the app says the session is closed.
    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await urlMatches(page, /\/auth\/session\/end/);
    await checkPage(page, 'logout-confirm');
    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sesión cerrada' }).waitFor();
    await checkPage(page, 'logged-out');
    expect(await page.evaluate(() => sessionStorage.getItem('tramita.tokens'))).toBeNull();
    expect(await page.evaluate(() => localStorage.length === 0 || localStorage.getItem('tramita.tokens') === null)).toBe(true);

    // The provider's session is over too: signing in again asks for the password.
    await page.getByRole('button', { name: 'Iniciar sesión' }).click();
    await urlMatches(page, /\/auth\/interaction\//);
    await page.locator('input[name="password"]').waitFor();
  }, 240_000);
});
