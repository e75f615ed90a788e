import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import type { TestUser } from './users.ts';

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
