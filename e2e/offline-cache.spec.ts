import { expect, test, type Page } from '@playwright/test';
import { connection } from '../test-support/e2e/app.ts';
import { openConversation, send, sentBubbles, startDirect } from '../test-support/e2e/chat.ts';
import { screenshot } from '../test-support/e2e/screenshot.ts';
import { signUpUser } from '../test-support/e2e/users.ts';

/** Everything the offline cache holds in this browser context, as text (renderer/src/features/cache). */
function cachedText(page: Page): Promise<string> {
  return page.evaluate(async () =>
    // Opening a database that does not exist would create it, empty, under the app's feet.
    !(await indexedDB.databases()).some((d) => d.name === 'meeshy-offline-cache')
      ? ''
      : new Promise<string>((resolve, reject) => {
          const open = indexedDB.open('meeshy-offline-cache');
          open.onerror = () => {
            reject(new Error(open.error?.message ?? 'cannot open the cache'));
          };
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains('records')) {
              db.close();
              resolve('');
              return;
            }
            const all = db.transaction('records').objectStore('records').getAll();
            all.onsuccess = () => {
              db.close();
              resolve(all.result.length === 0 ? '' : JSON.stringify(all.result));
            };
          };
        }),
  );
}

test('a user who reopens the app while the server is unreachable still reads their conversations', async ({
  browser,
}) => {
  const alice = await signUpUser(browser, 'Alice', 'en');
  const bruno = await signUpUser(browser, 'Bruno', 'fr');
  await startDirect(alice, bruno);
  for (const text of ['hello my friend', 'the cat drinks water', 'the dog eats bread'])
    await send(alice, text);
  await openConversation(bruno, 'Alice');
  const read = ['bonjour mon ami', 'le chat boit eau', 'le chien mange pain'];
  await expect(sentBubbles(bruno.page).locator('.bubble > .text')).toHaveText(read);
  await send(bruno, 'merci beaucoup');
  await expect(sentBubbles(bruno.page, 'merci beaucoup')).toHaveCount(1);
  const { page, context } = bruno;

  // The cache is written shortly after what it keeps was shown, translations included.
  await expect.poll(() => cachedText(page)).toContain('le chien mange pain');
  await expect.poll(() => cachedText(page)).toContain('merci beaucoup');

  // The server becomes unreachable (the page itself still loads, as from a local install), and the app
  // is opened again.
  await page.route(/\/(api|socket\.io)\//, (route) => route.abort());
  await context.setOffline(true);
  await expect(connection(page)).toHaveAttribute('data-state', 'offline');
  await context.setOffline(false);
  await page.reload();

  await expect(page.locator('.conversation-item', { hasText: 'Alice' })).toBeVisible();
  await openConversation(bruno, 'Alice');
  await expect(sentBubbles(page).locator('.bubble > .text')).toHaveText([...read, 'merci beaucoup']);
  await expect(connection(page)).not.toHaveAttribute('data-state', 'online');
  await expect(connection(page)).toHaveAttribute('data-state', /offline|connecting|unreachable/);
  await screenshot(page, 'offline-cache-bruno');

  // While Bruno cannot hear from the server, Alice writes, edits and deletes what his cache shows.
  await send(alice, 'the house is big');
  await expect(sentBubbles(alice.page, 'the house is big')).toHaveCount(1);
  // Found by id: while it is edited, the bubble no longer shows its text.
  const editedId = await sentBubbles(alice.page, 'the cat drinks water').getAttribute('data-message-id');
  const edited = alice.page.locator(`li.message[data-message-id="${editedId ?? ''}"]`);
  await edited.hover();
  await edited.getByRole('button', { name: 'Edit' }).click();
  await edited.locator('textarea').fill('the dog drinks water');
  await edited.getByRole('button', { name: 'Save' }).click();
  await expect(sentBubbles(alice.page, 'the dog drinks water')).toHaveCount(1);
  const deleted = sentBubbles(alice.page, 'hello my friend');
  await deleted.hover();
  await deleted.getByRole('button', { name: 'Delete' }).click();
  await deleted.locator('.delete-confirm').getByRole('button', { name: 'Delete' }).click();
  await expect(sentBubbles(alice.page, 'hello my friend')).toHaveCount(0);
  await expect(sentBubbles(page).locator('.bubble > .text')).toHaveText([...read, 'merci beaucoup']);

  await page.unrouteAll();
  // socket.io retries on its own (backoff up to 10 s); the resync then brings what was written meanwhile.
  await expect(connection(page)).toHaveAttribute('data-state', 'online', { timeout: 20_000 });
  // The resync fixes the cached copy: the deletion, the edit (translated again), the new message once.
  await expect(page.getByText('Ce message a été supprimé')).toHaveCount(1);
  await expect(sentBubbles(page, 'bonjour mon ami')).toHaveCount(0);
  await expect(sentBubbles(page, 'le chat boit eau')).toHaveCount(0);
  await expect(sentBubbles(page, 'le chien boit eau')).toHaveCount(1);
  await expect(sentBubbles(page, 'le maison est grand')).toHaveCount(1);
  await expect(sentBubbles(page).locator('.bubble > .text')).toHaveText([
    'Ce message a été supprimé',
    'le chien boit eau',
    'le chien mange pain',
    'merci beaucoup',
    'le maison est grand',
  ]);
  await screenshot(page, 'offline-cache-back-online-bruno');

  // Signing out takes the user's conversations off the device.
  await page.getByRole('button', { name: /settings|paramètres/i }).click();
  await page.getByRole('button', { name: /sign out|se déconnecter/i }).click();
  await expect(page.locator('#signin-identifier')).toBeVisible();
  await expect.poll(() => cachedText(page)).toBe('');

  await alice.context.close();
  await bruno.context.close();
});
