import { expect, test } from '@playwright/test';
import { send, sentBubbles } from '../test-support/e2e/chat.ts';
import { connection } from '../test-support/e2e/app.ts';
import { screenshot } from '../test-support/e2e/screenshot.ts';
import { signUpUser } from '../test-support/e2e/users.ts';

test('a guest joins by link choosing Spanish and reads a French message in Spanish', async ({ browser }) => {
  // Alice and Bruno write French; their interface is in English so the texts below stay as written.
  const alice = await signUpUser(browser, 'Alice', 'fr', 'en');
  const bruno = await signUpUser(browser, 'Bruno', 'fr', 'en');
  const { page } = alice;
  await page.getByRole('button', { name: 'New conversation' }).click();
  await page.getByRole('radio', { name: 'Group' }).check();
  await page.locator('#new-group-title').fill('Voyage');
  await page.locator('#new-user-search').fill(bruno.username);
  await page.locator(`.user-result[data-username="${bruno.username}"]`).click();
  await page.locator('dialog form button[type=submit]').click();
  await expect(page.locator('#chat-title')).toHaveText('Voyage');
  await send(alice, 'le chat boit eau');

  // Alice, the group's admin, makes a join link from the group's details; it is shown once, to copy.
  await page.getByRole('button', { name: 'Conversation details' }).click();
  const details = page.getByRole('dialog', { name: 'Conversation details' });
  await details.getByRole('button', { name: 'Join links' }).click();
  await details.locator('#link-label').fill('Friends');
  await details.locator('#link-max-uses').fill('5');
  await details.getByRole('button', { name: 'Create link' }).click();
  const shown = details.locator('.created-link input');
  await expect(shown).toHaveValue(/\/join\/mshy_[A-Za-z0-9_-]{43}$/);
  const url = await shown.inputValue();
  await expect(details.locator('.link-list li', { hasText: 'Friends' })).toContainText('0 of 5 used');
  await details.getByRole('button', { name: 'Close' }).click();

  // Someone without an account opens the link: the group's name and size, then a name and a language.
  const guestContext = await browser.newContext({ locale: 'en' });
  const guest = await guestContext.newPage();
  await guest.goto(url);
  await expect(guest.getByRole('heading', { name: 'Join “Voyage”' })).toBeVisible();
  await expect(guest.locator('.join-members')).toHaveText('2 members');
  await guest.locator('#join-display-name').fill('Lucía');
  await guest.locator('#join-language').selectOption('es');
  await guest.getByRole('button', { name: 'Join as a guest' }).click();

  // Only the group, as a guest, and Alice's French message in Spanish.
  await expect(connection(guest)).toHaveAttribute('data-state', 'online');
  await expect(guest.locator('#chat-title')).toHaveText('Voyage');
  await expect(guest.getByRole('region', { name: 'Guest' })).toContainText('You are a guest');
  await expect(guest.getByRole('button', { name: 'New conversation' })).toHaveCount(0);
  const bubble = guest.locator('li.message[data-message-id]').last();
  await expect(bubble.locator('.bubble > .text')).toHaveText('el gato bebe agua');
  await expect(bubble.locator('.bubble > .text')).toHaveAttribute('lang', 'es');
  await expect(guest).toHaveURL(/\/$/);
  await screenshot(guest, 'join-guest-reads-spanish');

  // A reload keeps the guest in (their sign-in is kept in this browser).
  await guest.reload();
  await expect(connection(guest)).toHaveAttribute('data-state', 'online');
  await expect(guest.locator('li.message[data-message-id]').last().locator('.bubble > .text')).toHaveText(
    'el gato bebe agua',
  );

  // The guest writes; the members see it as from a guest.
  await guest.locator('#composer-language').selectOption('es');
  await guest.locator('#composer-input').fill('hola amigo');
  await guest.locator('#composer-input').press('Enter');
  await bruno.page.locator('.conversation-item', { hasText: 'Voyage' }).click();
  const fromGuest = sentBubbles(bruno.page).last();
  await expect(fromGuest.locator('.sender')).toContainText('Lucía');
  await expect(fromGuest.locator('.guest-badge')).toHaveText('Guest');

  // Alice removes the guest: the guest is signed out at once.
  await page.getByRole('button', { name: 'Conversation details' }).click();
  const row = details.locator('li.member-row', { hasText: 'Lucía' });
  await expect(row.locator('.guest-badge')).toHaveText('Guest');
  await row.getByRole('button', { name: 'Remove Lucía' }).click();
  await details.getByRole('group', { name: 'Remove Lucía' }).getByRole('button', { name: 'Remove' }).click();
  await expect(guest.locator('#signin-identifier')).toBeVisible();
  await guestContext.close();
});
