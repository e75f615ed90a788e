import { expect, test } from '@playwright/test';
import { openConversation, sentBubbles, startDirect } from '../test-support/e2e/chat.ts';
import { screenshot } from '../test-support/e2e/screenshot.ts';
import { signUpUser } from '../test-support/e2e/users.ts';

test('a mention is picked with the keyboard, survives translation, stands out for the person mentioned, and follows a rename', async ({
  browser,
}) => {
  const alice = await signUpUser(browser, 'Alice', 'fr');
  const bruno = await signUpUser(browser, 'Bruno', 'en');
  await startDirect(alice, bruno);

  // Alice writes in French and mentions Bruno from the @ list, without the mouse.
  const composer = alice.page.locator('#composer-input');
  await alice.page.locator('#composer-language').selectOption('fr');
  await composer.pressSequentially('le chat boit eau @Bru');
  const picker = alice.page.getByRole('listbox', { name: 'Personnes à mentionner' });
  await expect(picker.getByRole('option')).toHaveText(['Bruno' + `@${bruno.username}`]);
  await composer.press('Enter');
  await expect(picker).toHaveCount(0);
  await expect(composer).toHaveValue('le chat boit eau @Bruno ');
  await composer.press('Enter');
  const sent = sentBubbles(alice.page).last();
  await expect(sent.locator('.bubble > .text')).toHaveText('le chat boit eau @Bruno');
  // Alice mentioned someone else: nothing is highlighted for her.
  await expect(sent).not.toHaveClass(/mentions-me/);

  // Before Bruno opens the conversation, his list counts the mention apart from the unread messages.
  const item = bruno.page.locator('.conversation-item', { hasText: 'Alice' });
  await expect(item.locator('.mention-badge')).toHaveText('@1');
  await expect(item.locator('.mention-badge')).toHaveAttribute('aria-label', '1 unread mentions of you');

  // Bruno reads it in English, his name kept where the translation put it, and highlighted.
  await openConversation(bruno, 'Alice');
  const received = bruno.page.locator('li.message[data-message-id]').last();
  await expect(received.locator('.bubble > .text')).toHaveText('the cat drinks water @Bruno');
  await expect(received).toHaveClass(/mentions-me/);
  await expect(received.locator('.mention-self')).toHaveText('@Bruno');
  await expect(item.locator('.mention-badge')).toHaveCount(0);

  await screenshot(bruno.page, 'mentions-bruno');
  await screenshot(alice.page, 'mentions-alice');

  // Bruno renames himself: Alice's page, left open, shows the mention under his new name at once.
  await bruno.page.getByRole('button', { name: 'Settings' }).click();
  await bruno.page.locator('#settings-display-name').fill('Bruno Martin');
  await bruno.page.getByRole('button', { name: 'Save' }).click();
  await expect(bruno.page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await expect(sent.locator('.bubble > .text')).toHaveText('le chat boit eau @Bruno Martin');
  await alice.context.close();
  await bruno.context.close();
});
