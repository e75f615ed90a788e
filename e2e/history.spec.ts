import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { serverUrl } from '../test-support/e2e/app.ts';
import { openConversation, send, sentBubbles, startDirect } from '../test-support/e2e/chat.ts';
import { screenshot } from '../test-support/e2e/screenshot.ts';
import { signUpUser, storedSession } from '../test-support/e2e/users.ts';

test('infinite scroll walks back through history page by page, with day separators', async ({ browser }) => {
  const alice = await signUpUser(browser, 'Alice', 'en');
  const bruno = await signUpUser(browser, 'Bruno', 'en', 'fr');
  await startDirect(alice, bruno);
  const conversationId = await alice.page
    .locator('.conversation-item[aria-current="true"]')
    .getAttribute('data-conversation-id');

  // 75 messages through the HTTP API (2.5 pages of 30), with Alice's own token.
  const token = (await storedSession(alice.page))?.accessToken ?? '';
  for (let i = 1; i <= 75; i++) {
    const response = await fetch(`${serverUrl()}/api/conversations/${conversationId ?? ''}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ clientMessageId: randomUUID(), content: `History message #${i}` }),
    });
    expect(response.ok).toBe(true);
  }

  await bruno.page.reload();
  await openConversation(bruno, 'Alice');
  // Only the newest page is loaded at first.
  await expect(sentBubbles(bruno.page, 'History message #75')).toHaveCount(1);
  await expect(sentBubbles(bruno.page)).toHaveCount(30);

  // Scrolling to the top loads older pages until the beginning.
  const scroller = bruno.page.locator('.message-scroller');
  await expect(async () => {
    await scroller.evaluate((el) => {
      el.scrollTop = 0;
    });
    await expect(bruno.page.getByText('Début de la discussion.')).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(sentBubbles(bruno.page)).toHaveCount(75);
  await expect(sentBubbles(bruno.page, /^History message #1$/)).toHaveCount(1);
  // Ascending order is kept across pages.
  const texts = await sentBubbles(bruno.page).locator('.bubble > .text').allTextContents();
  expect(texts).toEqual(Array.from({ length: 75 }, (_, i) => `History message #${i + 1}`));
  await expect(bruno.page.locator('.day-separator')).toHaveCount(1);

  // Scrolled up, a new message is announced rather than yanking the view down.
  await expect(bruno.page.getByRole('button', { name: /Aller aux derniers messages/ })).toBeVisible();
  await screenshot(bruno.page, 'history-top-bruno');
  await send(alice, 'A new one while you read');
  const announce = bruno.page.getByRole('button', { name: /Nouveaux messages en bas/ });
  await expect(announce).toBeVisible();
  await expect(sentBubbles(bruno.page, 'A new one while you read')).not.toBeInViewport();
  await announce.click();
  await expect(sentBubbles(bruno.page, 'A new one while you read')).toBeInViewport();
  await expect(announce).toHaveCount(0);
  await alice.context.close();
  await bruno.context.close();
});

test('a group conversation is created from user search and found again with the list search', async ({
  browser,
}) => {
  const alice = await signUpUser(browser, 'Alice', 'en');
  const bruno = await signUpUser(browser, 'Bruno', 'en', 'fr');
  const chen = await signUpUser(browser, 'Chen', 'en', 'zh');
  const { page } = alice;
  await page.getByRole('button', { name: 'New conversation' }).click();
  await page.getByLabel('Group').check();
  await page.locator('#new-group-title').fill('Weekend trip');
  for (const other of [bruno, chen]) {
    await page.locator('#new-user-search').fill(other.username);
    await page.locator(`.user-result[data-username="${other.username}"]`).click();
  }
  await expect(page.locator('.picked')).toContainText('Bruno, Chen');
  await page.locator('dialog form button[type=submit]').click();
  await expect(page.locator('#chat-title')).toHaveText('Weekend trip');
  await expect(page.locator('.chat-subtitle')).toHaveText('3 members');

  await send(alice, 'Who is in?');
  for (const other of [bruno, chen]) {
    await expect(other.page.locator('.conversation-item', { hasText: 'Weekend trip' })).toContainText(
      'Who is in?',
    );
  }
  await openConversation(chen, 'Weekend trip');
  // In a group, bubbles name their sender.
  await expect(sentBubbles(chen.page, 'Who is in?').locator('.sender')).toHaveText('Alice');

  await bruno.page.locator('#conversation-search').fill('weekend');
  await expect(bruno.page.locator('.conversation-item')).toHaveCount(1);
  await bruno.page.locator('#conversation-search').fill('nothing like this');
  await expect(bruno.page.locator('.conversation-item')).toHaveCount(0);
  await expect(bruno.page.getByText('Aucune discussion ne correspond')).toBeVisible();

  await screenshot(chen.page, 'group-chen');
  for (const u of [alice, bruno, chen]) await u.context.close();
});
