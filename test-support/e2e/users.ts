import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import { clientUrl, connection } from './app.ts';

export interface TestUser {
  username: string;
  displayName: string;
  password: string;
  language: string;
  context: BrowserContext;
  page: Page;
}

/** The server's owner: the first account, registered by globalSetup before any test runs. */
export const SERVER_OWNER = { username: 'owner_e2e', password: 'correct horse battery' } as const;

/** The owner signed in on a fresh browser context (model management is theirs alone). */
export async function signInOwner(browser: Browser): Promise<TestUser> {
  const context = await browser.newContext({ locale: 'en' });
  const page = await context.newPage();
  await page.goto(clientUrl());
  await page.locator('#signin-identifier').fill(SERVER_OWNER.username);
  await page.locator('#signin-password').fill(SERVER_OWNER.password);
  await page.locator('form.auth-form button[type=submit]').click();
  await expect(connection(page)).toHaveAttribute('data-state', 'online');
  return { ...SERVER_OWNER, displayName: 'Owner', language: 'en', context, page };
}

/**
 * A fresh browser context (its own storage, like a separate machine) with a newly registered user who
 * writes and reads `language`. The interface follows the browser locale, `uiLocale` (by default the same):
 * tests about something else than translation give everyone one language, so texts stay as written.
 */
export async function signUpUser(
  browser: Browser,
  name: string,
  language: string,
  uiLocale = language,
): Promise<TestUser> {
  const context = await browser.newContext({ locale: uiLocale });
  const page = await context.newPage();
  const username = `${name.toLowerCase()}_${randomBytes(3).toString('hex')}`;
  const user = { username, displayName: name, password: 'correct horse battery', language, context, page };
  await page.goto(clientUrl());
  await page.getByRole('button', { name: /create account|créer un compte/i }).click();
  await page.locator('#signup-username').fill(username);
  await page.locator('#signup-display-name').fill(name);
  await page.locator('#signup-email').fill(`${username}@example.test`);
  await page.locator('#signup-password').fill(user.password);
  await page.locator('#signup-system-language').selectOption(language);
  await page.locator('form.auth-form button[type=submit]').click();
  await expect(connection(page)).toHaveAttribute('data-state', 'online');
  return user;
}

/** The same user signed in on a second machine (its own browser context, which may say what it is). */
export async function signInElsewhere(user: TestUser, options: { userAgent?: string } = {}): Promise<Page> {
  const browser = user.context.browser();
  if (browser === null) throw new Error('no browser');
  const context = await browser.newContext({ locale: user.language, ...options });
  const page = await context.newPage();
  await page.goto(clientUrl());
  await page.locator('#signin-identifier').fill(user.username);
  await page.locator('#signin-password').fill(user.password);
  await page.locator('form.auth-form button[type=submit]').click();
  await expect(connection(page)).toHaveAttribute('data-state', 'online');
  return page;
}

/** The session the page keeps in its storage (null when signed out), as another party could read it. */
export function storedSession(page: Page): Promise<{ accessToken: string; refreshToken: string } | null> {
  return page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith('meeshy.session@'));
    return JSON.parse(localStorage.getItem(key ?? '') ?? 'null') as {
      accessToken: string;
      refreshToken: string;
    } | null;
  });
}
