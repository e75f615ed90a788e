import { expect, test, type Page } from '@playwright/test';
import { clientUrl } from '../test-support/e2e/app.ts';
import { send, startDirect } from '../test-support/e2e/chat.ts';
import { screenshot } from '../test-support/e2e/screenshot.ts';
import { signUpUser } from '../test-support/e2e/users.ts';

/** Every visible form control and button has an accessible name (label, aria-label, title or text). */
async function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const controls = [...document.querySelectorAll<HTMLElement>('input, select, textarea, button')];
    return controls
      .filter((el) => el.offsetParent !== null)
      .filter((el) => {
        const labelled =
          (el instanceof HTMLInputElement ||
            el instanceof HTMLSelectElement ||
            el instanceof HTMLTextAreaElement) &&
          (el.labels?.length ?? 0) > 0;
        const named =
          el.getAttribute('aria-label') !== null ||
          el.getAttribute('aria-labelledby') !== null ||
          el.title !== '' ||
          (el instanceof HTMLButtonElement && el.textContent.trim() !== '');
        return !labelled && !named;
      })
      .map((el) => el.outerHTML.slice(0, 120));
  });
}

test('every control is labelled on the sign-in, sign-up, chat and settings screens', async ({ browser }) => {
  const page = await browser.newPage();
  await page.goto(clientUrl());
  expect(await unlabelledControls(page)).toEqual([]);
  await page.getByRole('button', { name: 'Create account' }).click();
  expect(await unlabelledControls(page)).toEqual([]);
  await page.close();

  const alice = await signUpUser(browser, 'Alice', 'en');
  const bruno = await signUpUser(browser, 'Bruno', 'en', 'fr');
  await startDirect(alice, bruno);
  await send(alice, 'Labelled?');
  expect(await unlabelledControls(alice.page)).toEqual([]);
  for (const view of ['Settings', 'Translation models', 'Server']) {
    await alice.page.getByRole('button', { name: view, exact: true }).click();
    expect(await unlabelledControls(alice.page)).toEqual([]);
  }
  await alice.context.close();
  await bruno.context.close();
});

test('the chat works from the keyboard alone', async ({ browser }) => {
  const alice = await signUpUser(browser, 'Alice', 'en');
  const bruno = await signUpUser(browser, 'Bruno', 'en', 'fr');
  await startDirect(alice, bruno);
  await send(alice, 'First question');
  await send(alice, 'Second question');
  const { page, context } = bruno;
  await page.keyboard.press('Tab'); // skip link
  await expect(page.getByRole('link', { name: 'Aller au contenu' })).toBeFocused();

  // Into the conversation list, arrows to move, Enter to open.
  await page.locator('#conversation-search').focus();
  await page.keyboard.press('Tab');
  await expect(page.locator('.conversation-item').first()).toBeFocused();
  const alicesChat = page.locator('.conversation-item', { hasText: 'Alice' });
  while (!(await alicesChat.evaluate((el) => el === document.activeElement)))
    await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.locator('#chat-title')).toHaveText('Alice');

  // The composer has focus; Shift+Tab reaches the newest message, ArrowUp the one before.
  await expect(page.locator('#composer-input')).toBeFocused();
  // Back through the composer row (record, attach, language picker) to the newest message.
  const newest = page.locator('article.bubble', { hasText: 'Second question' });
  for (let presses = 0; presses < 5; presses += 1) {
    if (await newest.evaluate((el) => el === document.activeElement)) break;
    await page.keyboard.press('Shift+Tab');
  }
  await expect(newest).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(page.locator('article.bubble', { hasText: 'First question' })).toBeFocused();
  // Its actions appear and are reachable with Tab: reply to it.
  await page.keyboard.press('Tab'); // React
  await page.keyboard.press('Tab'); // Reply
  await expect(page.getByRole('button', { name: 'Répondre' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#composer-input')).toBeFocused();
  // Declared rather than detected, so that Alice reads it as written (translation has its own tests).
  await page.locator('#composer-language').selectOption('en');
  await page.locator('#composer-input').focus();
  await page.keyboard.type('Réponse au clavier');
  await page.keyboard.press('Enter');
  await expect(
    alice.page.locator('li.message', { hasText: 'Réponse au clavier' }).locator('.reply-quote'),
  ).toContainText('First question');

  await screenshot(page, 'keyboard-bruno');
  await alice.context.close();
  await context.close();
});
