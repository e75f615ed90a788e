import { expect, test, type Locator } from '@playwright/test';
import { openConversation, send, sentBubbles } from '../test-support/e2e/chat.ts';
import { screenshot } from '../test-support/e2e/screenshot.ts';
import { signUpUser, type TestUser } from '../test-support/e2e/users.ts';

/** Creates a group named `title` with `others`, from the "new conversation" dialog. */
async function createGroup(creator: TestUser, title: string, others: TestUser[]): Promise<void> {
  const { page } = creator;
  await page.getByRole('button', { name: 'New conversation' }).click();
  await page.getByRole('radio', { name: 'Group' }).check();
  await page.locator('#new-group-title').fill(title);
  for (const other of others) {
    await page.locator('#new-user-search').fill(other.username);
    await page.locator(`.user-result[data-username="${other.username}"]`).click();
  }
  await page.locator('dialog form button[type=submit]').click();
  await expect(page.locator('#chat-title')).toHaveText(title);
}

/** Opens the details dialog of the open conversation from the chat header. */
async function openDetails(user: TestUser): Promise<Locator> {
  await user.page.getByRole('button', { name: 'Conversation details' }).click();
  const dialog = user.page.getByRole('dialog', { name: 'Conversation details' });
  await expect(dialog).toBeVisible();
  return dialog;
}

function listItem(user: TestUser, title: string): Locator {
  return user.page.locator('.conversation-item', { hasText: title });
}

function memberRows(dialog: Locator): Locator {
  return dialog.locator('li.member-row');
}

test('a group is renamed, gains and loses a member, and is left, with everyone following live', async ({
  browser,
}) => {
  const alice = await signUpUser(browser, 'Alice', 'en');
  const bruno = await signUpUser(browser, 'Bruno', 'en');
  const carla = await signUpUser(browser, 'Carla', 'en');

  await createGroup(alice, 'Weekend plans', [bruno]);
  await send(alice, 'Who is in for Saturday?');
  await openConversation(bruno, 'Weekend plans');
  await expect(sentBubbles(bruno.page, 'Who is in for Saturday?')).toHaveCount(1);

  // A plain member sees the group read-only: no rename field, no add, no remove; only "leave".
  const brunoDetails = await openDetails(bruno);
  await expect(brunoDetails.getByRole('textbox', { name: 'Group name' })).toHaveCount(0);
  await expect(brunoDetails.getByRole('button', { name: /^Remove/ })).toHaveCount(0);
  await expect(brunoDetails.getByRole('button', { name: 'Leave group' })).toBeVisible();
  await bruno.page.keyboard.press('Escape');
  await expect(brunoDetails).toHaveCount(0);
  await expect(bruno.page.getByRole('button', { name: 'Conversation details' })).toBeFocused();

  // The creator (admin) renames the group: Bruno's header and list follow without reloading.
  const details = await openDetails(alice);
  await expect(memberRows(details)).toHaveCount(2);
  await expect(memberRows(details).filter({ hasText: 'Alice (you)' })).toContainText('Admin');
  await expect(memberRows(details).filter({ hasText: 'Bruno' })).toContainText('Member');
  await details.getByRole('textbox', { name: 'Group name' }).fill('Weekend trip');
  await details.getByRole('button', { name: 'Rename' }).click();
  await expect(details.getByRole('status').filter({ hasText: 'Group renamed' })).toBeVisible();
  await expect(bruno.page.locator('#chat-title')).toHaveText('Weekend trip');
  await expect(listItem(bruno, 'Weekend trip')).toHaveCount(1);
  // …and describes it; Bruno, a plain member, reads the description in his (read-only) details.
  await details.getByRole('textbox', { name: 'About this group' }).fill('Hiking on Saturday, dinner after');
  await details.getByRole('button', { name: 'Save description' }).click();
  await expect(details.getByRole('status').filter({ hasText: 'Description saved' })).toBeVisible();
  const brunoAbout = await openDetails(bruno);
  await expect(brunoAbout).toContainText('Hiking on Saturday, dinner after');
  await expect(brunoAbout.getByRole('textbox', { name: 'About this group' })).toHaveCount(0);
  await bruno.page.keyboard.press('Escape');

  // Adding Carla: the group appears in her list live; she reads and writes in it.
  await expect(listItem(carla, 'Weekend trip')).toHaveCount(0);
  await details.getByRole('searchbox', { name: 'Search people by name' }).fill(carla.username);
  await details.locator(`.user-result[data-username="${carla.username}"]`).click();
  // Escape in the search field with text clears it (Carla stays picked) and does not close the dialog:
  // its keydown is handled, so Chromium fires no <dialog> cancel either.
  const search = details.getByRole('searchbox', { name: 'Search people by name' });
  await search.click();
  await alice.page.keyboard.press('Escape');
  await expect(search).toHaveValue('');
  await expect(details).toBeVisible();
  await expect(details.getByText('Selected: Carla')).toBeVisible();
  await details.getByRole('button', { name: 'Add (1)' }).click();
  await expect(memberRows(details)).toHaveCount(3);
  await expect(listItem(carla, 'Weekend trip')).toHaveCount(1);
  await screenshot(alice.page, 'groups-details-admin');
  await alice.page.keyboard.press('Escape');
  await expect(details).toHaveCount(0);

  await send(alice, 'Welcome Carla!');
  await openConversation(carla, 'Weekend trip');
  await expect(sentBubbles(carla.page, 'Welcome Carla!')).toHaveCount(1);
  await send(carla, 'Thanks, count me in');
  await expect(sentBubbles(alice.page, 'Thanks, count me in')).toHaveCount(1);
  await expect(sentBubbles(bruno.page, 'Thanks, count me in')).toHaveCount(1);

  // Removing Carla (after a confirmation): the group leaves her list, and her open pane says why.
  const again = await openDetails(alice);
  await again.getByRole('button', { name: 'Remove Carla' }).click();
  // Escape cancels just the question; focus goes back to the button that asked it.
  await alice.page.keyboard.press('Escape');
  await expect(again).toBeVisible();
  await expect(again.getByRole('button', { name: 'Remove Carla' })).toBeFocused();
  await alice.page.keyboard.press('Enter');
  await again.getByRole('group', { name: 'Remove Carla' }).getByRole('button', { name: 'Remove' }).click();
  await expect(memberRows(again)).toHaveCount(2);
  await expect(listItem(carla, 'Weekend trip')).toHaveCount(0);
  await expect(carla.page.getByRole('alert')).toContainText('You were removed from “Weekend trip”');

  // Bruno leaves, after confirming: the group leaves his list, and Alice's open member list follows.
  const leaving = await openDetails(bruno);
  await leaving.getByRole('button', { name: 'Leave group' }).click();
  await expect(leaving).toContainText('Leave “Weekend trip”?');
  await leaving.getByRole('button', { name: 'Leave', exact: true }).click();
  await expect(leaving).toHaveCount(0);
  await expect(listItem(bruno, 'Weekend trip')).toHaveCount(0);
  // His own leave is not reported to him as a removal.
  await expect(bruno.page.locator('.removed-notice')).toHaveCount(0);
  await expect(memberRows(again)).toHaveCount(1);
  await expect(memberRows(again)).toContainText('Alice (you)');

  await screenshot(alice.page, 'groups-details-after');
  await screenshot(carla.page, 'groups-removed-notice');
  for (const user of [alice, bruno, carla]) await user.context.close();
});

/** Presses Tab until `target` has the focus: the way a keyboard user gets there. */
async function tabTo(user: TestUser, target: Locator): Promise<void> {
  for (let presses = 0; presses < 30; presses += 1) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await user.page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

test('an admin changes a role with the keyboard alone: arrows only stage it, Enter applies and confirms', async ({
  browser,
}) => {
  const alice = await signUpUser(browser, 'Alice', 'en');
  const bruno = await signUpUser(browser, 'Bruno', 'en');
  const carla = await signUpUser(browser, 'Carla', 'en');
  await createGroup(alice, 'Roles', [bruno, carla]);
  await openConversation(bruno, 'Roles');
  const watching = await openDetails(bruno);
  const carlaSeenByBruno = memberRows(watching).filter({ hasText: 'Carla' });
  await expect(carlaSeenByBruno).toContainText('Member');

  const details = await openDetails(alice);
  const role = details.getByRole('combobox', { name: 'Role of Carla' });
  await tabTo(alice, role);
  // On a closed <select>, Chromium on Linux/Windows fires `change` at each arrow: Member → Moderator → Admin.
  await alice.page.keyboard.press('ArrowUp');
  await alice.page.keyboard.press('ArrowUp');
  await expect(role).toHaveValue('admin');
  // Nothing was sent: Bruno still sees Carla as a plain member.
  await expect(carlaSeenByBruno).toContainText('Member');

  const apply = details.getByRole('button', { name: 'Change role of Carla' });
  await tabTo(alice, apply);
  await alice.page.keyboard.press('Enter');
  const question = details.getByRole('group', { name: 'Change role of Carla' });
  await expect(question).toContainText('Make Carla an admin?');
  await expect(question.getByRole('button', { name: 'Change role' })).toBeFocused();
  await alice.page.keyboard.press('Enter');

  await expect(carlaSeenByBruno).toContainText('Admin');
  await expect(role).toBeFocused();
  await expect(role).toHaveValue('admin');
  await expect(details.getByRole('button', { name: 'Change role of Carla' })).toHaveCount(0);
  // Escape now closes the dialog: nothing inside is left open.
  await alice.page.keyboard.press('Escape');
  await expect(details).toHaveCount(0);
  for (const user of [alice, bruno, carla]) await user.context.close();
});
