import { expect, test } from '@playwright/test';
import { connection } from '../test-support/e2e/app.ts';
import { screenshot } from '../test-support/e2e/screenshot.ts';
import { signInElsewhere, signUpUser } from '../test-support/e2e/users.ts';

/** The second machine says it is Firefox on Windows, so its row is told apart from this Chromium's. */
const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';

test('signing out another device from settings sends that device to the sign-in screen, with the reason', async ({
  browser,
}) => {
  const hana = await signUpUser(browser, 'Hana', 'en');
  const other = await signInElsewhere(hana, { userAgent: FIREFOX_WINDOWS });

  const { page } = hana;
  await page.getByRole('button', { name: 'Settings' }).click();
  const devices = page.getByRole('list', { name: 'Devices' });
  await expect(devices.getByRole('listitem')).toHaveCount(2);
  const here = devices.locator('li[aria-current="true"]');
  await expect(here).toContainText('This device');
  await expect(here.getByRole('button')).toHaveCount(0);
  await expect(devices.getByRole('listitem', { name: 'Firefox · Windows' })).toContainText('Last active');
  await devices.scrollIntoViewIfNeeded();
  await screenshot(page, 'devices-two-sign-ins');

  await page.getByRole('button', { name: /^Sign out Firefox · Windows, signed in / }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Firefox · Windows was signed out.' }),
  ).toBeVisible();
  await expect(devices.getByRole('listitem')).toHaveCount(1);

  // The other machine is told by its socket at once: no reload, no waiting for its token to expire.
  await expect(other.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(other.getByRole('status')).toHaveText(
    'You were signed out, here or in another window. Sign in to continue.',
  );
  await screenshot(other, 'devices-signed-out-elsewhere');
  // This device stays signed in and connected.
  await other.waitForTimeout(1_000);
  await expect(connection(page)).toHaveAttribute('data-state', 'online');
  await expect(page.getByText('You are signed in on this device only.')).toBeVisible();

  await other.context().close();
  await hana.context.close();
});
