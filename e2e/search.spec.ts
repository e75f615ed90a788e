import { expect, test } from '@playwright/test';
import { openConversation, send, startDirect } from '../test-support/e2e/chat.ts';
import { screenshot } from '../test-support/e2e/screenshot.ts';
import { signUpUser } from '../test-support/e2e/users.ts';

test('a search finds a message by a word of its translation and opens the conversation at it', async ({
  browser,
}) => {
  const alice = await signUpUser(browser, 'Alice', 'fr');
  const bruno = await signUpUser(browser, 'Bruno', 'en');
  await startDirect(alice, bruno);
  await openConversation(bruno, 'Alice');

  // Alice writes in French; Bruno reads it in English (fixture models, tools/fixtures/lexicon.ts).
  await send(alice, 'le chat boit eau');
  const translated = bruno.page.locator('li.message[data-message-id]').last();
  await expect(translated.locator('.bubble > .text')).toHaveText('the cat drinks water');
  // More than a page of later messages, so that the one found is not among those loaded at first.
  for (let index = 1; index <= 35; index += 1) await send(bruno, `filler ${index}`);
  await expect(bruno.page.locator('li.message[data-message-id]').last()).toContainText('filler 35');
  await bruno.page.reload();
  await expect(bruno.page.locator('.conversation-item', { hasText: 'Alice' })).toBeVisible();

  // From the conversation list, by the keyboard shortcut; the word is English, the message French.
  await bruno.page.locator('.conversation-item', { hasText: 'Alice' }).focus();
  await bruno.page.keyboard.press('Control+Shift+F');
  const dialog = bruno.page.getByRole('dialog', { name: 'Search messages' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('combobox', { name: 'Words to find' }).fill('drinks');
  const hit = dialog.getByRole('option');
  await expect(hit).toHaveCount(1);
  await expect(hit.locator('mark')).toHaveText('drinks');
  await expect(hit).toContainText('the cat drinks water');
  await expect(hit).toContainText('Alice');
  await screenshot(bruno.page, 'search-results');

  await dialog.getByRole('combobox', { name: 'Words to find' }).press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(bruno.page.locator('#chat-title')).toHaveText('Alice');
  const found = bruno.page.locator('li.message[data-message-id]', {
    has: bruno.page.locator('.bubble > .text', { hasText: 'the cat drinks water' }),
  });
  await expect(found).toBeInViewport();
  await expect(found.locator('article.bubble')).toBeFocused();

  await screenshot(bruno.page, 'search-opened');
  await alice.context.close();
  await bruno.context.close();
});
