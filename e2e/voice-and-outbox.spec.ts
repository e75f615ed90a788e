import { expect, test } from '@playwright/test';
import { connection } from '../test-support/e2e/app.ts';
import { openConversation, pendingBubbles, sentBubbles, startDirect } from '../test-support/e2e/chat.ts';
import { cutOffFromServer, storedOutbox } from '../test-support/e2e/outbox.ts';
import { signUpUser } from '../test-support/e2e/users.ts';

test('Alice records a voice message in the app; Bruno gets it and plays it', async ({ browser }) => {
  const alice = await signUpUser(browser, 'Alice', 'en');
  const bruno = await signUpUser(browser, 'Bruno', 'en', 'fr');
  await alice.context.grantPermissions(['microphone']);
  await startDirect(alice, bruno);
  const { page } = alice;

  // Chromium's fake microphone (e2e/playwright.config.ts) plays a beep: a second of it is recorded.
  const record = page.getByRole('button', { name: 'Record a voice message' });
  await record.click();
  const stop = page.getByRole('button', { name: 'Stop and attach the recording' });
  await expect(stop).toHaveAttribute('aria-pressed', 'true');
  // The recording's length, not a wait for the page: MediaRecorder needs time to capture some sound.
  await page.waitForTimeout(1500);
  await stop.click();
  await expect(page.locator('.draft-file')).toHaveCount(1);
  await expect(page.locator('.draft-file')).toContainText(/Voice message .*\.(webm|ogg)/);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.locator('.draft-file')).toHaveCount(0);
  await expect(sentBubbles(page).last().locator('audio.attachment-audio')).toHaveCount(1);
  await expect(pendingBubbles(page)).toHaveCount(0);

  await openConversation(bruno, 'Alice');
  const audio = sentBubbles(bruno.page).last().locator('audio.attachment-audio');
  await expect(audio).toBeVisible();
  // Fetched with Bruno's token and decoded: the recording's metadata is there, and it plays.
  await expect
    .poll(() => audio.evaluate((element: HTMLAudioElement) => element.readyState))
    .toBeGreaterThanOrEqual(1); // HAVE_METADATA
  await audio.evaluate((element: HTMLAudioElement) => element.play());
  await expect
    .poll(() => audio.evaluate((element: HTMLAudioElement) => element.currentTime))
    .toBeGreaterThan(0);
  expect(await audio.evaluate((element: HTMLAudioElement) => element.error)).toBeNull();

  await alice.context.close();
  await bruno.context.close();
});

test('a long paste attached as a file waits in the outbox across a reload while the server is unreachable, then goes once', async ({
  browser,
}) => {
  const alice = await signUpUser(browser, 'Alice', 'en');
  const bruno = await signUpUser(browser, 'Bruno', 'en', 'fr');
  await startDirect(alice, bruno);
  await openConversation(bruno, 'Alice');
  const { page, context } = alice;

  await cutOffFromServer(page, context);

  // A text over the message limit, pasted: the composer offers to send it as a text file.
  const report = `Quarterly report\n${'The numbers are in and they look good. '.repeat(80)}`;
  await page.locator('#composer-input').evaluate((input, text) => {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    input.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
    );
  }, report);
  await expect(page.locator('.composer-offer')).toContainText('Send it as a text file?');
  await page.getByRole('button', { name: 'Attach as a file' }).click();
  await expect(page.locator('.draft-file')).toContainText('Quarterly-report-The-numbers.txt');
  await expect(page.locator('#composer-input')).toHaveValue('');
  await page.locator('#composer-language').selectOption('en');
  await page.locator('#composer-input').fill('The report, as a file');
  await page.locator('#composer-input').press('Enter');
  await expect(pendingBubbles(page)).toHaveCount(1);
  await expect(pendingBubbles(page).locator('.pending-attachments')).toContainText(
    'Quarterly-report-The-numbers.txt',
  );

  // A reload (as a restart would): the message and its file still wait, on this device.
  await page.reload();
  await expect(connection(page).locator('.connection-queue')).toHaveText('(1)');
  const outbox = await storedOutbox(page);
  expect(outbox).toContain('Quarterly-report-The-numbers.txt');
  // The file's bytes wait in IndexedDB (features/attachments/pendingFiles.ts), not in the outbox entry.
  const pendingFiles = await page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('meeshy-pending-files');
        open.onerror = () => {
          reject(new Error('no pending files database'));
        };
        open.onsuccess = () => {
          const count = open.result.transaction('files').objectStore('files').count();
          count.onsuccess = () => {
            resolve(count.result);
          };
        };
      }),
  );
  expect(pendingFiles).toBe(1);
  await expect(sentBubbles(bruno.page, 'The report, as a file')).toHaveCount(0);

  await page.unrouteAll();
  // socket.io retries on its own (backoff up to 10 s); then the file is uploaded and the message sent.
  await expect(connection(page)).toHaveAttribute('data-state', 'online', { timeout: 20_000 });
  const delivered = sentBubbles(bruno.page, 'The report, as a file');
  await expect(delivered).toHaveCount(1);
  const card = delivered.locator('.attachment-file', { hasText: 'Quarterly-report-The-numbers.txt' });
  await expect(card).toBeVisible();
  const download = bruno.page.waitForEvent('download');
  await card.getByRole('button', { name: /Quarterly-report/ }).click();
  const saved = await download;
  const chunks: Buffer[] = [];
  for await (const chunk of await saved.createReadStream()) chunks.push(chunk as Buffer);
  expect(Buffer.concat(chunks).toString()).toBe(report);

  await expect(connection(page).locator('.connection-queue')).toHaveCount(0);
  await openConversation(alice, 'Bruno');
  await expect(pendingBubbles(page)).toHaveCount(0);
  await expect(sentBubbles(page, 'The report, as a file')).toHaveCount(1);
  // Once, also as read again from the server.
  await bruno.page.reload();
  await openConversation(bruno, 'Alice');
  await expect(sentBubbles(bruno.page, 'The report, as a file')).toHaveCount(1);
  await expect(sentBubbles(bruno.page, 'The report, as a file').locator('.attachment-file')).toHaveCount(1);

  await context.close();
  await bruno.context.close();
});
