import { expect, test } from '@playwright/test';
import { openConversation, send, sentBubbles, startDirect } from '../test-support/e2e/chat.ts';
import { screenshot } from '../test-support/e2e/screenshot.ts';
import { signUpUser } from '../test-support/e2e/users.ts';

test('two users sign up, start a conversation and exchange messages', async ({ browser }) => {
  const alice = await signUpUser(browser, 'Alice', 'en');
  const bruno = await signUpUser(browser, 'Bruno', 'en', 'fr');

  await startDirect(alice, bruno);
  await send(alice, 'Hello Bruno, how are you?');
  await expect(sentBubbles(alice.page, 'Hello Bruno')).toHaveCount(1);

  // Bruno sees the new conversation appear, with an unread badge and the preview, without reloading.
  const item = bruno.page.locator('.conversation-item', { hasText: 'Alice' });
  await expect(item).toContainText('Hello Bruno');
  await expect(item.locator('.badge')).toHaveText('1');
  await expect(bruno.page).toHaveTitle('(1) Meeshy');
  await openConversation(bruno, 'Alice');
  await expect(sentBubbles(bruno.page, 'Hello Bruno, how are you?')).toHaveCount(1);
  await expect(item.locator('.badge')).toHaveCount(0);
  await expect(bruno.page).toHaveTitle('Meeshy');

  await send(bruno, 'Très bien, merci !');
  await expect(sentBubbles(alice.page, 'Très bien, merci !')).toHaveCount(1);
  // Bruno read Alice's message: her bubble shows it.
  await expect(sentBubbles(alice.page, 'Hello Bruno').locator('.status.read')).toHaveCount(1);

  await screenshot(alice.page, 'conversation-alice');
  await screenshot(bruno.page, 'conversation-bruno');
  await alice.context.close();
  await bruno.context.close();
});
