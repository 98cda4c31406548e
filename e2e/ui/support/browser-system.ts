import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startTramita, type TestTramita } from '../../support/tramita-in-process.ts';
import { launchChromium } from './browser.ts';
import { newUiContext } from './ui-session.ts';
import { ensureWebBuild } from './web-build.ts';

export interface BrowserSystem {
  /** The all-in-one system serving the built web UI (read it inside tests or later hooks). */
  readonly tramita: TestTramita;
  /** A page in a new case worker's context (its own cookies and storage), closed after the tests. */
  open(options?: { bypassCSP?: boolean }): Promise<Page>;
}

/**
 * Registers the hooks of a browser suite: before all, builds the web UI when stale, then starts the
 * all-in-one system and Debian's Chromium side by side; after all, closes every context opened, the
 * browser and the system. Call it at the top of a `describe`; a suite's own `beforeAll` registered
 * after it runs once the system is up.
 */
export function useBrowserSystem(): BrowserSystem {
  let tramita: TestTramita | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const webDir = ensureWebBuild();
    [tramita, browser] = await Promise.all([startTramita({ GATEWAY_WEB_DIR: webDir }), launchChromium()]);
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await tramita?.stop();
  });

  return {
    get tramita() {
      if (!tramita) throw new Error('The system is not started yet: read it inside a test or a later hook');
      return tramita;
    },
    async open(options = {}) {
      if (!browser) throw new Error('The browser is not started yet: open pages inside a test or a later hook');
      const { context, page } = await newUiContext(browser, options);
      contexts.push(context);
      return page;
    },
  };
}
