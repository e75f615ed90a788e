import type { Locator, Page } from '@playwright/test';

/** Where globalSetup serves the client. */
export function clientUrl(): string {
  const url = process.env['MEESHY_E2E_CLIENT_URL'];
  if (url === undefined) throw new Error('globalSetup did not start the stack');
  return url;
}

/** Where globalSetup serves the chat server. */
export function serverUrl(): string {
  const url = process.env['MEESHY_E2E_SERVER_URL'];
  if (url === undefined) throw new Error('globalSetup did not start the stack');
  return url;
}

/** The connection indicator: its data-state says whether the page is online. */
export function connection(page: Page): Locator {
  return page.locator('.shell-body > .connection');
}
