import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { eventually } from '../support/net.ts';
import { loginWithPkce } from '../support/oidc-login.ts';
import { E2E_PASSWORD } from '../support/tramita-in-process.ts';
import { useBrowserSystem } from './support/browser-system.ts';
import { checkPage, signIn } from './support/ui-session.ts';
import { urlMatches } from '../support/url.ts';

const pdf = new TextEncoder().encode('%PDF-1.4\n% prueba\ntrailer << >>\n%%EOF\n');

describe('the web UI in Chromium when things go wrong', () => {
  const ui = useBrowserSystem();
  let api: ApiClient;
  const existing = `EXP-FALLOS-${Date.now()}`;

  const loggedIn = async (path = '/expedientes'): Promise<Page> => {
    const page = await ui.open();
    await page.goto(`${ui.tramita.url}${path}`);
    await urlMatches(page, /\/auth\/interaction\//);
    await signIn(page);
    await urlMatches(page, (url) => url.pathname === path);
    return page;
  };

  // An expediente that already exists, made through the API once the system is up.
  beforeAll(async () => {
    const { tramita } = ui;
    const { accessToken } = await loginWithPkce({ baseUrl: tramita.url, username: 'agat', password: E2E_PASSWORD, redirectUri: `${tramita.url}/callback` });
    api = new ApiClient(tramita.url, accessToken);
    const uploaded = (await (await api.upload('informe.pdf', pdf, 'application/pdf')).json()) as { id: string };
    const created = await api.request('POST', '/api/files', { code: existing, initialOption: 'SEDE', description: 'Ya existente', documents: [uploaded.id] });
    expect(created.status).toBe(202);
    await eventually('the existing expediente', async () => ((await api.request('GET', `/api/files/${existing}`)).status === 200 ? true : undefined), 30_000);
  }, 120_000);

  it('keeps the person on the login page with a clear message when the password is wrong', async () => {
    const page = await ui.open();
    await page.goto(ui.tramita.url);
    await urlMatches(page, /\/auth\/interaction\//);
    await signIn(page, 'user', 'no-es-la-contraseña');
    await page.getByRole('alert').filter({ hasText: 'Usuario o contraseña incorrectos' }).waitFor();
    expect(await page.locator('input[name="password"]').getAttribute('aria-invalid')).toBe('true');
    await checkPage(page, 'login-error');
  }, 60_000);

  it('reports a duplicate code while typing, before anything is submitted', async () => {
    const page = await loggedIn('/expedientes/nuevo');
    let posted = false;
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/files') posted = true;
    });
    const code = page.getByLabel('Código');
    await code.fill(existing);
    await page.getByText(`Ya existe un expediente con el código ${existing}. Elija otro.`).waitFor();
    expect(await code.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await code.getAttribute('aria-describedby')) ?? '';
    const errorId = await page.locator('.field-error').first().getAttribute('id');
    expect(describedBy.split(' ')).toContain(errorId);
    await page.getByRole('button', { name: 'Crear expediente' }).click();
    await page.getByText('Revise lo siguiente antes de continuar:').waitFor();
    expect(posted).toBe(false);
    await checkPage(page, 'create-errors');
  }, 60_000);

  it('renews the session silently, and after it expires returns to the same page once logged in again', async () => {
    const path = `/expedientes/${existing}`;
    const page = await loggedIn(path);
    await page.getByRole('heading', { level: 1, name: `Expediente ${existing}` }).waitFor();

    // An access token past its expiry is renewed with the refresh token, without any login page.
    await page.evaluate(() => {
      const tokens = JSON.parse(sessionStorage.getItem('tramita.tokens')!);
      sessionStorage.setItem('tramita.tokens', JSON.stringify({ ...tokens, expiresAt: Date.now() - 1000 }));
    });
    await page.reload();
    await page.getByRole('heading', { level: 1, name: `Expediente ${existing}` }).waitFor();
    await page.getByText('Ya existente').first().waitFor();
    expect(new URL(page.url()).pathname).toBe(path);

    // Once nothing can renew it (tokens refused, provider session gone), the login page, then back here.
    await page.context().clearCookies();
    await page.evaluate(() => {
      const tokens = JSON.parse(sessionStorage.getItem('tramita.tokens')!);
      sessionStorage.setItem(
        'tramita.tokens',
        JSON.stringify({ ...tokens, accessToken: 'caducado.caducado.caducado', refreshToken: 'revocado', expiresAt: Date.now() + 600_000 }),
      );
    });
    await page.reload();
    await urlMatches(page, /\/auth\/interaction\//);
    await signIn(page);
    await urlMatches(page, (url) => url.pathname === path);
    await page.getByRole('heading', { level: 1, name: `Expediente ${existing}` }).waitFor();
    await page.getByText('Ya existente').first().waitFor();
  }, 90_000);

  it('loads under the real Content-Security-Policy without a single violation', async () => {
    const page = await ui.open({ bypassCSP: false });
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(`${ui.tramita.url}/expedientes`);
    await urlMatches(page, /\/auth\/interaction\//);
    await signIn(page);
    await page.getByRole('heading', { level: 1, name: 'Expedientes' }).waitFor();
    await page.getByRole('link', { name: 'Nuevo expediente' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Nuevo expediente' }).waitFor();
    expect(violations).toEqual([]);
  }, 60_000);

  it('explains in words that a part of the system is down, instead of failing silently', async () => {
    const page = await loggedIn('/expedientes');
    await page.getByRole('heading', { level: 1, name: 'Expedientes' }).waitFor();
    const index = ui.tramita.system.services.index;
    await index.stop();
    index.stop = async () => {}; // already stopped: the final stop of the system must not close it twice
    await page.getByLabel('Buscar', { exact: true }).fill('licencia');
    await page.getByRole('button', { name: 'Buscar', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Uno de los servicios de Tramita no está disponible ahora mismo' }).waitFor();
    await page.getByRole('button', { name: 'Reintentar' }).waitFor();
    await checkPage(page, 'error');
  }, 60_000);
});
