import { expect, test } from '@playwright/test';
import { screenshot } from '../test-support/e2e/screenshot.ts';
import { signInOwner } from '../test-support/e2e/users.ts';

test('the models screen lists the tiers with license and state, and says how to provide an unpinned one', async ({
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

  // No premium export is pinned: the card says how to provide one instead of offering a download that fails.
  const premium = cards.filter({ hasText: 'Premium' });
  await expect(premium).toContainText('License: CC-BY-NC-4.0');
  await expect(premium).toContainText('No export of this model is pinned yet');
  await expect(premium).toContainText('PREMIUM_MODEL=owner/name@commit');
  await expect(premium.getByRole('button', { name: 'Download' })).toHaveCount(0);

  await screenshot(page, 'models');
  await alice.context.close();
});
