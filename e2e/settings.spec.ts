import { expect, test } from '@playwright/test';
import { connection } from '../test-support/e2e/app.ts';
import { openConversation, send, sentBubbles, startDirect } from '../test-support/e2e/chat.ts';
import { screenshot } from '../test-support/e2e/screenshot.ts';
import { signUpUser, storedSession } from '../test-support/e2e/users.ts';

test('settings change the interface language, the theme and the reading language, and they persist', async ({
  browser,
}) => {
  const carla = await signUpUser(browser, 'Carla', 'en');
  const { page } = carla;
  await page.getByRole('button', { name: 'Settings' }).click();

  // Interface language: applies at once, no reload.
  await page.getByLabel('Interface language').selectOption('fr');
  await expect(page.getByRole('heading', { name: 'Paramètres', level: 1 })).toBeVisible();

  // Theme.
  await page.getByLabel('Sombre').check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

  // Reading language by Meeshy's rule: custom destination wins when enabled.
  await page.locator('#settings-custom-language').selectOption('es');
  await page.getByLabel('Afficher les messages dans la langue personnalisée').check();
  await expect(page.getByText('Les messages sont affichés en : espagnol')).toBeVisible();
  await page.getByRole('checkbox', { name: /Deutsch/ }).check();
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Enregistré' })).toBeVisible();

  // Account settings live on the server, device settings in this browser: both survive a reload.
  await page.reload();
  await page.getByRole('button', { name: 'Paramètres' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.locator('#settings-custom-language')).toHaveValue('es');
  await expect(page.getByLabel('Afficher les messages dans la langue personnalisée')).toBeChecked();
  await expect(page.getByRole('checkbox', { name: /Deutsch/ })).toBeChecked();
  await expect(page.getByText('Les messages sont affichés en : espagnol')).toBeVisible();

  await screenshot(page, 'settings-dark-fr');
  await carla.context.close();
});

test('the session survives access-token expiry (rotating refresh), sign-out ends it, sign-in resumes', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const dan = await signUpUser(browser, 'Dan', 'en');
  const eve = await signUpUser(browser, 'Eve', 'en', 'fr');
  await startDirect(dan, eve);
  const { page } = dan;
  const read = () => storedSession(page);
  const first = await read();
  expect(first).not.toBeNull();

  // The e2e stack issues 30-second access tokens: the client must rotate before expiry, unprompted…
  await expect
    .poll(async () => (await read())?.refreshToken, { timeout: 45_000, intervals: [1_000] })
    .not.toBe(first?.refreshToken);
  // …and survive the server closing the socket when the token it was opened with expires (at 30 s).
  await page.waitForTimeout(12_000);
  await expect(connection(page)).toHaveAttribute('data-state', 'online');
  await send(dan, 'Still here after the token expired');
  await openConversation(eve, 'Dan');
  await expect(sentBubbles(eve.page, 'Still here after the token expired')).toHaveCount(1);

  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  expect(await read()).toBeNull();

  // Sign in again, with the email address this time.
  await page.locator('#signin-identifier').fill(`${dan.username}@example.test`);
  await page.locator('#signin-password').fill(dan.password);
  await page.locator('form.auth-form button[type=submit]').click();
  await expect(connection(page)).toHaveAttribute('data-state', 'online');
  await openConversation(dan, 'Eve');
  await expect(sentBubbles(page, 'Still here after the token expired')).toHaveCount(1);

  await screenshot(page, 'signed-in-again');
  await dan.context.close();
  await eve.context.close();
});
