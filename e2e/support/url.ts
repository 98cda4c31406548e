import type { Page } from 'playwright-core';

/**
 * Waits until the page's address matches, by looking at it rather than awaiting a navigation:
 * the web UI and the login flow redirect one after another, and waiting on a navigation that
 * the next redirect aborts fails with ERR_ABORTED although the page ends where expected.
 */
export async function urlMatches(page: Page, expected: RegExp | ((url: URL) => boolean), timeoutMs = 20_000): Promise<void> {
  const matches = typeof expected === 'function' ? expected : (url: URL) => expected.test(url.href);
  const deadline = Date.now() + timeoutMs;
  while (!matches(new URL(page.url()))) {
    if (Date.now() > deadline) throw new Error(`The page stayed at ${page.url()}, which does not match ${String(expected)}.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
