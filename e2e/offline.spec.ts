import { expect, test } from '@playwright/test';
import {
  connection,
  openConversation,
  pendingBubbles,
  screenshot,
  send,
  sentBubbles,
  signUpUser,
  startDirect,
} from './support/app.ts';

test('a user who was offline sees everything written meanwhile, once', async ({ browser }) => {
  const alice = await signUpUser(browser, 'Alice', 'en');
  const bruno = await signUpUser(browser, 'Bruno', 'fr');
  await startDirect(alice, bruno);
  await send(alice, 'Before the outage');
  await openConversation(bruno, 'Alice');
  await expect(sentBubbles(bruno.page, 'Before the outage')).toHaveCount(1);

  await bruno.context.setOffline(true);
  await expect(connection(bruno.page)).toHaveAttribute('data-state', 'offline');
  for (const text of ['First while away', 'Second while away', 'Third while away']) await send(alice, text);
  await expect(sentBubbles(alice.page, 'while away')).toHaveCount(3);
  // Nothing reaches Bruno while he is offline.
  await expect(sentBubbles(bruno.page, 'while away')).toHaveCount(0);

  await bruno.context.setOffline(false);
  await expect(connection(bruno.page)).toHaveAttribute('data-state', 'online');
  await expect(sentBubbles(bruno.page, 'while away')).toHaveCount(3);
  await expect(sentBubbles(bruno.page, 'Before the outage')).toHaveCount(1);
  // In the order they were written.
  await expect(sentBubbles(bruno.page, 'while away')).toHaveText([/First/, /Second/, /Third/]);

  await screenshot(bruno.page, 'offline-resync-bruno');
  await alice.context.close();
  await bruno.context.close();
});

test('a message written offline waits in the outbox and is sent exactly once on reconnect', async ({
  browser,
}) => {
  const alice = await signUpUser(browser, 'Alice', 'en');
  const bruno = await signUpUser(browser, 'Bruno', 'fr');
  await startDirect(alice, bruno);
  await send(alice, 'Online first');
  await openConversation(bruno, 'Alice');

  await alice.context.setOffline(true);
  await expect(connection(alice.page)).toHaveAttribute('data-state', 'offline');
  await send(alice, 'Written on the train');
  await expect(pendingBubbles(alice.page)).toHaveCount(1);
  await expect(pendingBubbles(alice.page)).toContainText(/waiting for connection/i);
  // The outbox is durable: the entry, with its client id, is in storage.
  const stored = await alice.page.evaluate(() =>
    Object.keys(localStorage)
      .filter((key) => key.startsWith('meeshy.outbox.'))
      .map((key) => localStorage.getItem(key) ?? '')
      .join(''),
  );
  expect(stored).toContain('Written on the train');
  const clientId = await pendingBubbles(alice.page).getAttribute('data-client-id');
  expect(clientId).toMatch(/^[0-9a-f-]{36}$/);

  await alice.context.setOffline(false);
  await expect(connection(alice.page)).toHaveAttribute('data-state', 'online');
  await expect(pendingBubbles(alice.page)).toHaveCount(0);
  const delivered = sentBubbles(bruno.page, 'Written on the train');
  await expect(delivered).toHaveCount(1);
  await expect(delivered).toHaveAttribute('data-client-id', clientId ?? '');
  await expect(sentBubbles(alice.page, 'Written on the train')).toHaveCount(1);

  // A reconnect more must not send it again.
  await alice.context.setOffline(true);
  await expect(connection(alice.page)).toHaveAttribute('data-state', 'offline');
  await alice.context.setOffline(false);
  await expect(connection(alice.page)).toHaveAttribute('data-state', 'online');
  await bruno.page.reload();
  await openConversation(bruno, 'Alice');
  await expect(sentBubbles(bruno.page, 'Online first')).toHaveCount(1);
  await expect(sentBubbles(bruno.page, 'Written on the train')).toHaveCount(1);

  await screenshot(alice.page, 'outbox-alice');
  await alice.context.close();
  await bruno.context.close();
});

test('the outbox survives a reload while the server is unreachable and is sent once it is back', async ({
  browser,
}) => {
  const alice = await signUpUser(browser, 'Alice', 'en');
  const bruno = await signUpUser(browser, 'Bruno', 'fr');
  await startDirect(alice, bruno);
  await openConversation(bruno, 'Alice');
  const { page, context } = alice;

  // The server becomes unreachable for Alice (the page itself still loads, as from a local install).
  await page.route(/\/(api|socket\.io)\//, (route) => route.abort());
  await context.setOffline(true);
  await expect(connection(page)).toHaveAttribute('data-state', 'offline');
  await context.setOffline(false);
  await send(alice, 'Survives a reload');
  await expect(pendingBubbles(page)).toHaveCount(1);

  await page.reload();
  // After the reload the message still waits, counted next to the connection state.
  await expect(connection(page).locator('.connection-queue')).toHaveText('(1)');
  await expect(sentBubbles(bruno.page, 'Survives a reload')).toHaveCount(0);

  await page.unrouteAll();
  // socket.io retries on its own (backoff up to 10 s); then the outbox is flushed.
  await expect(connection(page)).toHaveAttribute('data-state', 'online', { timeout: 20_000 });
  await expect(sentBubbles(bruno.page, 'Survives a reload')).toHaveCount(1);
  await expect(connection(page).locator('.connection-queue')).toHaveCount(0);
  await openConversation(alice, 'Bruno');
  await expect(sentBubbles(page, 'Survives a reload')).toHaveCount(1);
  await expect(pendingBubbles(page)).toHaveCount(0);

  await screenshot(page, 'outbox-after-reload-alice');
  await context.close();
  await bruno.context.close();
});
