import { expect, test, type Page } from '@playwright/test';
import { connection, serverUrl } from '../test-support/e2e/app.ts';
import { screenshot } from '../test-support/e2e/screenshot.ts';
import { signInElsewhere, signUpUser, storedSession } from '../test-support/e2e/users.ts';

/** The refresh token the page holds, as another party that got hold of it would. */
async function refreshTokenOf(page: Page): Promise<string> {
  const session = await storedSession(page);
  if (session === null) throw new Error('the page holds no session');
  return session.refreshToken;
}

const postAuth = (route: string, refreshToken: string) =>
  fetch(`${serverUrl()}/api/auth/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken }),
  });

test('a sign-out made elsewhere ends this window at once and says why; another device stays signed in', async ({
  browser,
}) => {
  const fay = await signUpUser(browser, 'Fay', 'en');
  const otherDevice = await signInElsewhere(fay);

  // Signed out with this window's refresh token (as another tab of it would): no refresh, no reload.
  expect((await postAuth('logout', await refreshTokenOf(fay.page))).status).toBe(204);

  await expect(fay.page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(fay.page.getByRole('status')).toHaveText(
    'You were signed out, here or in another window. Sign in to continue.',
  );
  await screenshot(fay.page, 'session-ended-signed-out');
  await otherDevice.waitForTimeout(1_000);
  await expect(connection(otherDevice)).toHaveAttribute('data-state', 'online');

  await otherDevice.context().close();
  await fay.context.close();
});

test('a replayed refresh token ends the sign-in it belongs to, with a security explanation', async ({
  browser,
}) => {
  const gus = await signUpUser(browser, 'Gus', 'en');
  const stolen = await refreshTokenOf(gus.page);
  // Spent by the thief, who rotates once more (so the stolen token is past its refresh grace), then
  // replayed: the server revokes the whole sign-in.
  const spent = await postAuth('refresh', stolen);
  expect(spent.status).toBe(200);
  const { refreshToken: thiefToken } = (await spent.json()) as { refreshToken: string };
  expect((await postAuth('refresh', thiefToken)).status).toBe(200);
  expect((await postAuth('refresh', stolen)).status).toBe(401);

  await expect(gus.page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(gus.page.getByRole('status')).toContainText('For your security this sign-in was ended');
  await screenshot(gus.page, 'session-ended-revoked');
  await gus.context.close();
});
