import { expect, test } from '@playwright/test';
import { openConversation, send, sentBubbles, startDirect } from '../test-support/e2e/chat.ts';
import { screenshot } from '../test-support/e2e/screenshot.ts';
import { signUpUser } from '../test-support/e2e/users.ts';

test('replies, reactions, edits, deletes and the typing indicator reach the other side', async ({
  browser,
}) => {
  const alice = await signUpUser(browser, 'Alice', 'en');
  const bruno = await signUpUser(browser, 'Bruno', 'en', 'fr');
  await startDirect(alice, bruno);
  await send(alice, 'Lunch at noon?');
  await openConversation(bruno, 'Alice');
  const question = sentBubbles(bruno.page, 'Lunch at noon?');
  await expect(question).toHaveCount(1);

  // Read receipt: live, and still there after the writer reloads the app.
  const readByBruno = () => sentBubbles(alice.page, 'Lunch at noon?').locator('.status.read');
  await expect(readByBruno()).toHaveAttribute('aria-label', /Bruno/);
  await alice.page.reload();
  await openConversation(alice, 'Bruno');
  await expect(readByBruno()).toHaveAttribute('aria-label', /Bruno/);

  // Typing indicator.
  await alice.page.locator('#composer-input').pressSequentially('Or at one', { delay: 20 });
  await expect(bruno.page.locator('.typing')).toContainText('Alice écrit');
  await alice.page.locator('#composer-input').fill('');

  // Reply.
  await question.hover();
  await question.getByRole('button', { name: 'Répondre' }).click();
  await expect(bruno.page.locator('.composer-reply')).toContainText('Lunch at noon?');
  await bruno.page.locator('#composer-language').selectOption('en');
  await bruno.page.locator('#composer-input').fill('Oui, parfait');
  await bruno.page.locator('#composer-input').press('Enter');
  const reply = sentBubbles(alice.page, 'Oui, parfait');
  await expect(reply.locator('.reply-quote')).toContainText('Lunch at noon?');

  // Reaction.
  await reply.hover();
  await reply.getByRole('button', { name: 'React' }).click();
  await reply.getByRole('button', { name: '👍' }).click();
  await expect(sentBubbles(bruno.page, 'Oui, parfait').locator('.reaction')).toHaveText('👍 1');

  // Edit (author only) shows "edited" on both sides.
  const ownId = await sentBubbles(alice.page, 'Lunch at noon?').getAttribute('data-message-id');
  const own = alice.page.locator(`li.message[data-message-id="${ownId ?? ''}"]`);
  await own.hover();
  await own.getByRole('button', { name: 'Edit' }).click();
  await own.locator('textarea').fill('Lunch at half past twelve?');
  await own.getByRole('button', { name: 'Save' }).click();
  await expect(sentBubbles(bruno.page, 'Lunch at half past twelve?')).toContainText('modifié');
  // Bruno cannot edit Alice's message.
  await sentBubbles(bruno.page, 'half past').hover();
  await expect(sentBubbles(bruno.page, 'half past').getByRole('button', { name: 'Modifier' })).toHaveCount(0);

  // Delete.
  await send(alice, 'Oops, wrong chat');
  const oops = sentBubbles(alice.page, 'Oops, wrong chat');
  await expect(sentBubbles(bruno.page, 'Oops, wrong chat')).toHaveCount(1);
  await oops.hover();
  await oops.getByRole('button', { name: 'Delete' }).click();
  await oops.locator('.delete-confirm').getByRole('button', { name: 'Delete' }).click();
  await expect(bruno.page.getByText('Ce message a été supprimé')).toHaveCount(1);
  await expect(sentBubbles(bruno.page, 'Oops, wrong chat')).toHaveCount(0);
  await expect(bruno.page.locator('.conversation-item', { hasText: 'Alice' })).toContainText(
    'Message supprimé',
  );

  await screenshot(bruno.page, 'chat-features-bruno');
  await alice.context.close();
  await bruno.context.close();
});

test('the composer shows the limit before it is hit and keeps Shift+Enter for new lines', async ({
  browser,
}) => {
  const alice = await signUpUser(browser, 'Alice', 'en');
  const bruno = await signUpUser(browser, 'Bruno', 'en', 'fr');
  await startDirect(alice, bruno);
  const input = alice.page.locator('#composer-input');
  const count = alice.page.locator('#composer-count');

  await input.fill('a'.repeat(1700));
  await expect(count).toHaveText('');
  await input.fill('a'.repeat(1850));
  await expect(count).toHaveText('150 characters left');
  await input.fill('a'.repeat(2010));
  await expect(count).toHaveText('10 characters over the limit');
  await expect(alice.page.getByRole('button', { name: 'Send' })).toBeDisabled();
  await input.press('Enter');
  await expect(sentBubbles(alice.page)).toHaveCount(0);

  await input.fill('line one');
  await input.press('Shift+Enter');
  await input.pressSequentially('line two');
  await input.press('Enter');
  await expect(sentBubbles(alice.page, 'line one')).toHaveCount(1);
  await expect(sentBubbles(alice.page, 'line one').locator('.text')).toHaveText('line one\nline two');

  // ArrowUp in the empty composer edits the last own message; Ctrl+Enter saves, focus comes back.
  await input.press('ArrowUp');
  const editor = alice.page.locator('.edit-form textarea');
  await expect(editor).toBeFocused();
  await editor.fill('line one, edited');
  await editor.press('Control+Enter');
  await expect(sentBubbles(alice.page, 'line one, edited')).toContainText('edited');
  await expect(input).toBeFocused();

  await screenshot(alice.page, 'composer-alice');
  await alice.context.close();
  await bruno.context.close();
});
