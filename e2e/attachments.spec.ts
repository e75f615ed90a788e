import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { openConversation, sentBubbles, startDirect } from '../test-support/e2e/chat.ts';
import { signUpUser } from '../test-support/e2e/users.ts';

test('Alice sends a photo and a file; Bruno sees the thumbnail and downloads the file', async ({
  browser,
}) => {
  const alice = await signUpUser(browser, 'Alice', 'en');
  const bruno = await signUpUser(browser, 'Bruno', 'en', 'fr');
  await startDirect(alice, bruno);

  const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#2b59c3' } })
    .png()
    .toBuffer();
  const notes = 'Ordre du jour\n1. Budget\n2. Planning\n';
  await alice.page.locator('[data-testid=attach-input]').setInputFiles([
    { name: 'sunset.png', mimeType: 'image/png', buffer: photo },
    { name: 'agenda.txt', mimeType: 'text/plain', buffer: Buffer.from(notes) },
  ]);
  await expect(alice.page.locator('.draft-file')).toHaveCount(2);
  await alice.page.locator('#composer-language').selectOption('en');
  await alice.page.locator('#composer-input').fill('Photos from the trip');
  await alice.page.locator('#composer-input').press('Enter');
  await expect(alice.page.locator('.draft-file')).toHaveCount(0);
  await expect(
    sentBubbles(alice.page, 'Photos from the trip').locator('.attachment-thumbnail img'),
  ).toBeVisible();

  await openConversation(bruno, 'Alice');
  const bubble = sentBubbles(bruno.page, 'Photos from the trip');
  const thumbnail = bubble.locator('.attachment-thumbnail img');
  await expect(thumbnail).toBeVisible();
  // The thumbnail really decoded (fetched with Bruno's token, shown from a blob: URL).
  await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);

  // The viewer shows the whole image.
  await bubble.getByRole('button', { name: /sunset\.png/ }).click();
  const viewer = bruno.page.locator('dialog.image-viewer');
  await expect
    .poll(() => viewer.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth))
    .toBe(640);
  await viewer.getByRole('button', { name: /Fermer|Close/ }).click();

  const card = bubble.locator('.attachment-file', { hasText: 'agenda.txt' });
  await expect(card).toBeVisible();
  const download = bruno.page.waitForEvent('download');
  await card.getByRole('button', { name: /agenda\.txt/ }).click();
  const saved = await download;
  expect(saved.suggestedFilename()).toBe('agenda.txt');
  const stream = await saved.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  expect(Buffer.concat(chunks).toString()).toBe(notes);
});
