import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';

export interface TestUser {
  username: string;
  displayName: string;
  password: string;
  language: string;
  context: BrowserContext;
  page: Page;
}

export function clientUrl(): string {
  const url = process.env['MEESHY_E2E_CLIENT_URL'];
  if (url === undefined) throw new Error('globalSetup did not start the stack');
  return url;
}

export function serverUrl(): string {
  const url = process.env['MEESHY_E2E_SERVER_URL'];
  if (url === undefined) throw new Error('globalSetup did not start the stack');
  return url;
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

export function connection(page: Page): Locator {
  return page.locator('.shell-body > .connection');
}

/** Opens (creating it if needed) the direct conversation with `other`. */
export async function startDirect(user: TestUser, other: TestUser): Promise<void> {
  const { page } = user;
  await page.getByRole('button', { name: /new conversation|nouvelle discussion/i }).click();
  await page.locator('#new-user-search').fill(other.username);
  await page.locator(`.user-result[data-username="${other.username}"]`).click();
  await page.locator('dialog form button[type=submit]').click();
  await expect(page.locator('#chat-title')).toHaveText(other.displayName);
}

/** Opens the conversation whose title is `title` from the list. */
export async function openConversation(user: TestUser, title: string): Promise<void> {
  await user.page.locator('.conversation-item', { hasText: title }).click();
  await expect(user.page.locator('#chat-title')).toHaveText(title);
}

/**
 * Writes and sends a message, declaring the writer's language as Meeshy's composer does by default;
 * `detect` leaves it to the translator's language detection instead.
 */
export async function send(user: TestUser, text: string, { detect = false } = {}): Promise<void> {
  await user.page.locator('#composer-language').selectOption(detect ? '' : user.language);
  await user.page.locator('#composer-input').fill(text);
  await user.page.locator('#composer-input').press('Enter');
}

/** Bubbles acknowledged by the server (pending ones carry no data-message-id). */
export function sentBubbles(page: Page, text?: string | RegExp): Locator {
  const all = page.locator('li.message[data-message-id]');
  // Match on the message's own text, not on a quote of it in a reply.
  return text === undefined ? all : all.filter({ has: page.locator('.bubble > .text', { hasText: text }) });
}

export function pendingBubbles(page: Page): Locator {
  return page.locator('li.message.pending');
}

/** Saves the screen a test ends on under test-results/screenshots/, which CI keeps. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = path.resolve('test-results', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}

/** Whether the server offers the translation API of contract/translations.ts yet. */
export async function serverTranslates(): Promise<boolean> {
  const response = await fetch(`${serverUrl()}/api/languages`);
  return response.status !== 404;
}
