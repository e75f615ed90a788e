import { expect, test } from '@playwright/test';
import { freePort, serveClient } from '../test-support/e2e/client-server.ts';
import { clientUrl, connection, serverUrl } from '../test-support/e2e/app.ts';
import { screenshot } from '../test-support/e2e/screenshot.ts';

test('the client can be pointed at another server URL, and back', async ({ browser }) => {
  // Another address for the same server (a proxy): to this page, a self-hosted server on another origin,
  // whose CORS answers come from the server itself (this page's origin is in its allowed origins).
  const remote = await serveClient(serverUrl(), await freePort());
  try {
    const context = await browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    await page.goto(clientUrl());
    await expect(page.getByText(`Server: ${clientUrl()}`)).toBeVisible();
    await page.getByRole('button', { name: 'Change' }).click();
    await page.getByLabel('Another server (self-hosted)').check();
    await page.getByLabel('Server address').fill(`${remote.url}/`);
    await page.getByRole('button', { name: 'Test' }).click();
    await expect(page.getByText('A Meeshy server answers at this address.')).toBeVisible();
    await page.getByRole('button', { name: 'Use this server' }).click();
    await expect(page.getByText(`Server: ${remote.url}`)).toBeVisible();

    // Sign-up, the socket and messages all go to the other address.
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.locator('#signup-username').fill(`remote_${Date.now().toString(36)}`);
    await page.locator('#signup-email').fill(`remote_${Date.now().toString(36)}@example.test`);
    await page.locator('#signup-password').fill('correct horse battery');
    await page.locator('form.auth-form button[type=submit]').click();
    await expect(connection(page)).toHaveAttribute('data-state', 'online');
    expect(requests.some((url) => url.startsWith(`${remote.url}/api/auth/register`))).toBe(true);
    expect(requests.some((url) => url.startsWith(`${clientUrl()}/api/`))).toBe(false);
    await screenshot(page, 'remote-server');

    // Going back to "the server this page comes from" asks to sign in there.
    await page.getByRole('button', { name: 'Server', exact: true }).click();
    await page.getByLabel('The server this page comes from').check();
    await page.getByRole('button', { name: 'Use this server' }).click();
    await expect(page.getByText(`Server: ${clientUrl()}`)).toBeVisible();
    await context.close();
  } finally {
    await remote.close();
  }
});

test('a bad server address is reported, not used', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'en' });
  const page = await context.newPage();
  await page.goto(clientUrl());
  await page.getByRole('button', { name: 'Change' }).click();
  await page.getByLabel('Another server (self-hosted)').check();
  await page.getByLabel('Server address').fill(`http://127.0.0.1:${await freePort()}`);
  await page.getByRole('button', { name: 'Test' }).click();
  await expect(page.getByText('No Meeshy server answers at this address.')).toBeVisible();
  await page.getByRole('button', { name: 'Use this server' }).click();
  await expect(page.getByText('No Meeshy server answers at this address.')).toBeVisible();
  await page.reload();
  await expect(page.getByText(`Server: ${clientUrl()}`)).toBeVisible();
  await context.close();
});
