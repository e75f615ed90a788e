import type { BrowserContext, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import { connection } from './app.ts';

/**
 * Makes the server unreachable for this page (its API and socket requests fail) while the page itself still
 * loads, as from a local install, and waits until the page says it is offline. `page.unrouteAll()` ends it.
 */
export async function cutOffFromServer(page: Page, context: BrowserContext): Promise<void> {
  await page.route(/\/(api|socket\.io)\//, (route) => route.abort());
  await context.setOffline(true);
  await expect(connection(page)).toHaveAttribute('data-state', 'offline');
  await context.setOffline(false);
}

/** Everything the page's outbox keeps in local storage, as one text to look for a message in. */
export function storedOutbox(page: Page): Promise<string> {
  return page.evaluate(() =>
    Object.keys(localStorage)
      .filter((key) => key.startsWith('meeshy.outbox.'))
      .map((key) => localStorage.getItem(key) ?? '')
      .join(''),
  );
}
