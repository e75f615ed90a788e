import { expect, test } from '@playwright/test';
import { screenshot } from '../test-support/e2e/screenshot.ts';
import { signInOwner } from '../test-support/e2e/users.ts';

test('the models screen lists the tiers with license and state, and asks before a restricted download', async ({
  browser,
}) => {
  const alice = await signInOwner(browser);
  const { page } = alice;
  await page.getByRole('button', { name: 'Translation models' }).click();
  const cards = page.locator('.model-card');
  await expect(cards).toHaveCount(3);

  // The stack downloaded the default tier at start (--download, fixture hub).
  const medium = cards.filter({ hasText: 'Medium' });
  await expect(medium).toContainText('Used by default');
  await expect(medium.locator('[data-state]')).toHaveAttribute('data-state', 'ready');

  // Premium is NLLB-1.3B, CC-BY-NC-4.0: nothing is fetched before the user accepts the license.
  const premium = cards.filter({ hasText: 'Premium' });
  await expect(premium).toContainText('License: CC-BY-NC-4.0');
  await expect(premium.locator('[data-state]')).toHaveAttribute('data-state', 'absent');
  await premium.getByRole('button', { name: 'Download' }).click();
  const consent = premium.getByRole('alertdialog');
  await expect(consent).toContainText('non-commercial');
  await consent.getByRole('button', { name: 'Cancel' }).click();
  await expect(premium.locator('[data-state]')).toHaveAttribute('data-state', 'absent');
  await premium.getByRole('button', { name: 'Download' }).click();
  await premium.getByRole('button', { name: 'Accept and download' }).click();
  // The local hub does not have the real 1.3B weights: the download starts, then fails visibly.
  await expect(premium.locator('[data-state]')).not.toHaveAttribute('data-state', 'absent');

  await screenshot(page, 'models');
  await alice.context.close();
});
