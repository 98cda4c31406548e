import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { createExpediente } from '../support/create-expediente.ts';
import { loginWithPkce } from '../support/oidc-login.ts';
import { E2E_PASSWORD } from '../support/tramita-in-process.ts';
import { urlMatches } from '../support/url.ts';
import { SCREENSHOTS as ARTIFACT_SCREENSHOTS } from './support/browser.ts';
import { useBrowserSystem } from './support/browser-system.ts';
import { checkPage, signIn } from './support/ui-session.ts';

/**
 * Issue 15: a tramitador adds a real PDF to an expediente as an ENI document (TD01, EE01) and a
 * second version of it, reads its history and exports the expediente ENI; then anyone, without
 * logging in, verifies the current version by its CSV typed as a person would (lower case, spaces)
 * and downloads the printable copy stamped with it.
 */
/** Where the screenshots go: `docs/screenshots` when refreshing the README's (ENI_SCREENSHOTS=docs/screenshots), else the test artifacts. */
const SCREENSHOTS = process.env.ENI_SCREENSHOTS ?? ARTIFACT_SCREENSHOTS;
const NAME = 'Resolución de concesión.pdf';

/** A small real PDF (one page of text), as an office suite would write it. */
async function pdf(text: string): Promise<Buffer> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  const page = document.addPage([595, 842]);
  page.drawText(text, { x: 72, y: 760, size: 14, font });
  return Buffer.from(await document.save());
}

/** One picture of the sections given, top to bottom, at the page's width (each measured on the whole page, wherever it is scrolled). */
async function shootSections(page: Page, sections: Locator[], path: string): Promise<void> {
  const boxes = [];
  for (const section of sections) {
    const box = await section.evaluate((element) => {
      const rect = element.getBoundingClientRect();
      return { x: rect.left + window.scrollX, y: rect.top + window.scrollY, width: rect.width, height: rect.height };
    });
    boxes.push(box);
  }
  const top = Math.max(0, Math.min(...boxes.map((b) => b.y)) - 16);
  const bottom = Math.max(...boxes.map((b) => b.y + b.height)) + 16;
  const left = Math.max(0, Math.min(...boxes.map((b) => b.x)) - 16);
  const right = Math.max(...boxes.map((b) => b.x + b.width)) + 16;
  await page.screenshot({ path, fullPage: true, clip: { x: left, y: top, width: right - left, height: bottom - top } });
}

describe('the web UI in Chromium: ENI documents, their versions, the ENI export and the public verification of a CSV (issue 15)', () => {
  const ui = useBrowserSystem();
  const code = `EXP-ENI-${Date.now()}`;

  beforeAll(async () => {
    const clerk = new ApiClient(
      ui.tramita.url,
      (await loginWithPkce({ baseUrl: ui.tramita.url, username: 'user', password: E2E_PASSWORD, redirectUri: `${ui.tramita.url}/callback` })).accessToken,
    );
    await createExpediente(clerk, code, 'Concesión de una licencia con documentos ENI');
  }, 180_000);

  it('adds a PDF and a new version of it, shows its history, exports the expediente ENI and verifies the CSV without logging in', async () => {
    const page = await ui.open();
    await page.goto(`${ui.tramita.url}/expedientes/${code}`);
    await urlMatches(page, /\/auth\/interaction\//);
    await signIn(page, 'tramitador');
    await page.getByRole('heading', { level: 1, name: `Expediente ${code}` }).waitFor();

    // Add the document with its ENI metadata.
    const documents = page.getByRole('region', { name: 'Documentos' });
    await documents.getByRole('button', { name: 'Añadir documento' }).click();
    const add = page.getByRole('form', { name: 'Añadir documento' });
    await add
      .getByLabel('Documento', { exact: false })
      .first()
      .setInputFiles({ name: NAME, mimeType: 'application/pdf', buffer: await pdf('Resolución: se concede la licencia.') });
    await add.getByLabel(/Tipo documental/).selectOption('TD01');
    await add.getByRole('radio', { name: 'Administración' }).check();
    await add.getByLabel(/Estado de elaboración/).selectOption('EE01');
    await add.getByRole('button', { name: 'Añadir el documento' }).click();
    await documents.getByText(`Se ha añadido «${NAME}» al expediente.`).waitFor();
    const entry = documents.locator('tbody').filter({ has: page.getByRole('cell', { name: NAME, exact: true }) });
    const facts = entry.locator('tr').first();
    await facts.getByText('v1', { exact: true }).waitFor();
    expect(await facts.innerText()).toContain('TD01 · Resolución');
    const firstCsv = await facts.locator('.csv code').innerText();
    // Groups of five Crockford characters; the last one ends in the check symbol, which may also be * ~ $ = or U.
    expect(firstCsv).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z*~$=]{1,5})+$/);

    // A second version: the first stays in the history, each with its own CSV.
    await entry.getByRole('button', { name: `Nueva versión de ${NAME}` }).click();
    const version = page.getByRole('form', { name: `Nueva versión de «${NAME}»` });
    const corrected = await pdf('Resolución: se concede la licencia (corregida).');
    await version.locator('input[type="file"]').setInputFiles({ name: NAME, mimeType: 'application/pdf', buffer: corrected });
    await version.getByRole('button', { name: 'Subir la versión' }).click();
    await documents.getByText(`Se ha añadido la versión 2 de «${NAME}».`).waitFor();
    await facts.getByText('v2', { exact: true }).waitFor();
    const csv = await facts.locator('.csv code').innerText();
    expect(csv).not.toBe(firstCsv);
    await entry.getByText('Historial de versiones').click();
    const history = entry.getByRole('table', { name: `Versiones de «${NAME}»` });
    await history.waitFor();
    await expect(history.locator('tbody tr').count()).resolves.toBe(2);
    expect(await history.locator('tbody tr').first().innerText()).toContain(csv);
    expect(await history.locator('tbody tr').nth(1).innerText()).toContain(firstCsv);

    const indice = page.getByRole('region', { name: 'Índice electrónico' });
    await indice.getByRole('table', { name: 'Documentos del índice actual, en orden' }).getByText(NAME).waitFor();
    await checkPage(page, 'eni-documents');
    await shootSections(page, [documents, indice], join(SCREENSHOTS, 'eni-documents.png'));

    // The ENI export: a ZIP holding expediente.xml.
    const [exported] = await Promise.all([page.waitForEvent('download'), indice.getByRole('button', { name: 'Exportar ENI' }).click()]);
    expect(exported.suggestedFilename()).toBe(`${code}-eni.zip`);
    const files = unzipSync(new Uint8Array(await readFile(await exported.path())));
    expect(Object.keys(files)).toContain('expediente.xml');
    expect(new TextDecoder().decode(files['expediente.xml'])).toContain('expediente');
    await indice.getByText(`Se ha descargado ${code}-eni.zip.`).waitFor();

    // Anyone, in a browser that never logged in, verifies the CSV typed as a person would.
    const visitor = await ui.open();
    await visitor.goto(`${ui.tramita.url}/verificar`);
    await visitor.getByRole('heading', { level: 1, name: 'Verificación de documentos' }).waitFor();
    expect(visitor.url()).not.toMatch(/\/auth\//);
    await visitor.getByLabel(/Código seguro de verificación/).fill(csv.toLowerCase().replaceAll('-', ' '));
    await visitor.getByRole('button', { name: 'Verificar' }).click();
    const result = visitor.getByRole('region', { name: 'Resultado de la verificación' });
    await result.waitFor();
    // A CSV may end in a check symbol such as * or $: compare the path, not a pattern built from it.
    await urlMatches(visitor, (url) => decodeURIComponent(url.pathname) === `/verificar/${csv.replaceAll('-', '')}`);
    const text = await result.innerText();
    for (const expected of ['VIGENTE', 'Integridad verificada', 'TD01 · Resolución', 'EE01 · Original', 'PDF', 'ES_']) expect(text).toContain(expected);
    await checkPage(visitor, 'verificar');
    await visitor.screenshot({ path: join(SCREENSHOTS, 'verificar.png'), fullPage: true });

    const [copy] = await Promise.all([visitor.waitForEvent('download'), result.getByRole('link', { name: 'Copia imprimible (PDF con CSV)' }).click()]);
    const stamped = await readFile(await copy.path());
    expect(stamped.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The stamp adds the CSV, the address and a QR code to every page: the same one page, no longer the same bytes.
    expect((await PDFDocument.load(stamped)).getPageCount()).toBe(1);
    expect(stamped.equals(corrected)).toBe(false);
  });
});
