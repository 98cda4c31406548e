import type { Browser, BrowserContext, Page } from 'playwright-core';
import { E2E_PASSWORD } from '../../support/tramita-in-process.ts';
import { describeViolations, seriousViolations, screenshot } from './browser.ts';

/** Fills the provider's login page (it must be showing) and waits to be back in the app. */
export async function signIn(page: Page, username = 'user', password = E2E_PASSWORD): Promise<void> {
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
}

/**
 * A browser context as a Spanish case worker's. `bypassCSP` lets the test inject axe-core as an
 * inline script; the CSP itself is exercised by a context without it (see failures.e2e.test.ts).
 */
export async function newUiContext(browser: Browser, options: { bypassCSP?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    locale: 'es-ES',
    timezoneId: 'Europe/Madrid',
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
    bypassCSP: options.bypassCSP ?? true,
  });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  return { context, page };
}

/** Zero serious or critical axe violations, and a screenshot of the page for the record. */
export async function checkPage(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  const violations = await seriousViolations(page);
  if (violations.length > 0) throw new Error(`axe found serious/critical violations on "${name}" (${page.url()}):\n${describeViolations(violations)}`);
}
