import { expect, test } from '@playwright/test';
import { clientUrl, connection } from '../test-support/e2e/app.ts';
import {
  openConversation,
  pendingBubbles,
  send,
  sentBubbles,
  startDirect,
} from '../test-support/e2e/chat.ts';
import { cutOffFromServer, storedOutbox } from '../test-support/e2e/outbox.ts';
import { screenshot } from '../test-support/e2e/screenshot.ts';
import { signUpUser } from '../test-support/e2e/users.ts';

test('a user who was offline sees everything written meanwhile, once, in their language', async ({
  browser,
}) => {
  const alice = await signUpUser(browser, 'Alice', 'en');
  const bruno = await signUpUser(browser, 'Bruno', 'fr');
  await startDirect(alice, bruno);
  await send(alice, 'hello my friend');
  await openConversation(bruno, 'Alice');
  await expect(sentBubbles(bruno.page, 'bonjour mon ami')).toHaveCount(1);

  await bruno.context.setOffline(true);
  await expect(connection(bruno.page)).toHaveAttribute('data-state', 'offline');
  const away = ['the cat drinks water', 'the dog eats bread', 'the house is big'];
  for (const text of away) await send(alice, text);
  for (const text of away) await expect(sentBubbles(alice.page, text)).toHaveCount(1);
  // Nothing reaches Bruno while he is offline.
  await expect(sentBubbles(bruno.page)).toHaveCount(1);

  await bruno.context.setOffline(false);
  await expect(connection(bruno.page)).toHaveAttribute('data-state', 'online');
  // Once each, in the order written, translated (the translations were made while he was away).
  await expect(sentBubbles(bruno.page).locator('.bubble > .text')).toHaveText([
    'bonjour mon ami',
    'le chat boit eau',
    'le chien mange pain',
    'le maison est grand',
  ]);

  await screenshot(bruno.page, 'offline-resync-bruno');
  await alice.context.close();
  await bruno.context.close();
});

test('a message written offline waits in the outbox and is sent exactly once on reconnect', async ({
  browser,
}) => {
  const alice = await signUpUser(browser, 'Alice', 'en');
  const bruno = await signUpUser(browser, 'Bruno', 'en', 'fr');
  await startDirect(alice, bruno);
  await send(alice, 'Online first');
  await openConversation(bruno, 'Alice');

  await alice.context.setOffline(true);
  await expect(connection(alice.page)).toHaveAttribute('data-state', 'offline');
  await send(alice, 'Written on the train');
  await expect(pendingBubbles(alice.page)).toHaveCount(1);
  await expect(pendingBubbles(alice.page)).toContainText(/waiting for connection/i);
  // The outbox is durable: the entry, with its client id, is in storage.
  const stored = await storedOutbox(alice.page);
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
  const bruno = await signUpUser(browser, 'Bruno', 'en', 'fr');
  await startDirect(alice, bruno);
  await openConversation(bruno, 'Alice');
  const { page, context } = alice;

  // The server becomes unreachable for Alice (the page itself still loads, as from a local install).
  await cutOffFromServer(page, context);
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

test('two windows of the same user queue offline, one closes, and both messages are still sent once', async ({
  browser,
}) => {
  const alice = await signUpUser(browser, 'Alice', 'en');
  const bruno = await signUpUser(browser, 'Bruno', 'en', 'fr');
  await startDirect(alice, bruno);
  await openConversation(bruno, 'Alice');
  const second = { ...alice, page: await alice.context.newPage() };
  await second.page.goto(clientUrl());
  await expect(connection(second.page)).toHaveAttribute('data-state', 'online');
  await openConversation(second, 'Bruno');

  await alice.context.setOffline(true);
  await expect(connection(alice.page)).toHaveAttribute('data-state', 'offline');
  await expect(connection(second.page)).toHaveAttribute('data-state', 'offline');
  await send(alice, 'From the first window');
  await send(second, 'From the second window');
  // Each window shows what the other queued: they share one outbox.
  await expect(pendingBubbles(second.page)).toHaveCount(2);
  await expect(pendingBubbles(alice.page)).toHaveCount(2);

  // The window that queued first goes away before the connection comes back.
  await alice.page.close();
  await alice.context.setOffline(false);
  await expect(connection(second.page)).toHaveAttribute('data-state', 'online');
  await expect(pendingBubbles(second.page)).toHaveCount(0);
  await expect(sentBubbles(bruno.page, 'From the first window')).toHaveCount(1);
  await expect(sentBubbles(bruno.page, 'From the second window')).toHaveCount(1);

  await screenshot(second.page, 'outbox-two-windows');
  await alice.context.close();
  await bruno.context.close();
});
