import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { launchDesktop, MAIN_SCRIPT, makeUserData, waitForClient } from './app.ts';
import { electronBinary } from './electron-binary.ts';

// The project runs only where the binary exists (see e2e/playwright.config.ts); this names it once more.
const binary = electronBinary();

test.describe('the desktop app', () => {
  let userData: string;
  test.beforeEach(() => {
    userData = makeUserData();
  });
  test.afterEach(() => {
    fs.rmSync(userData, { recursive: true, force: true });
  });

  test('opens its window on the start screen, then the client from app://meeshy', async () => {
    const { app, window } = await launchDesktop(userData);
    try {
      await expect(window).toHaveTitle(/Meeshy/);
      await waitForClient(window);
      const isolated = await window.evaluate(() => typeof (globalThis as { require?: unknown }).require);
      expect(isolated).toBe('undefined');
      const bridge = await window.evaluate(() =>
        Object.keys((window as unknown as { meeshyDesktop: object }).meeshyDesktop),
      );
      expect(bridge).toContain('stackStatus');
    } finally {
      await app.close();
    }
  });

  test('a new user signs up and sends a message through the local stack', async () => {
    const { app, window } = await launchDesktop(userData);
    try {
      await waitForClient(window);
      await window.getByRole('button', { name: /create account/i }).click();
      await window.locator('#signup-username').fill('desktop_ann');
      await window.locator('#signup-display-name').fill('Ann');
      await window.locator('#signup-email').fill('ann@example.test');
      await window.locator('#signup-password').fill('correct horse battery');
      await window.locator('form.auth-form button[type=submit]').click();
      await expect(window.locator('[data-state]').first()).toHaveAttribute('data-state', 'online');
      await window.locator('.conversation-item').first().click();
      await window.locator('textarea').first().fill('Hello from the desktop app');
      await window.keyboard.press('Enter');
      await expect(window.getByText('Hello from the desktop app')).toBeVisible();
    } finally {
      await app.close();
    }
  });

  test('a second launch focuses the first and hands it its deep link', async () => {
    const { app, window } = await launchDesktop(userData);
    try {
      await waitForClient(window);
      await window.evaluate(() => {
        const bridge = (
          window as unknown as { meeshyDesktop: { on(e: string, l: (p: unknown) => void): void } }
        ).meeshyDesktop;
        (window as unknown as { received: unknown[] }).received = [];
        bridge.on('deep-link', (link) => {
          (window as unknown as { received: unknown[] }).received.push(link);
        });
      });
      if (!binary.available) throw new Error(binary.reason);
      const second = spawn(binary.path, [MAIN_SCRIPT, 'meeshy://conversation/abc123'], {
        env: { ...process.env, MEESHY_USER_DATA: userData },
        stdio: 'ignore',
      });
      const exitCode = await new Promise<number | null>((resolve) => second.once('exit', resolve));
      expect(exitCode).toBe(0);
      await expect
        .poll(() => window.evaluate(() => (window as unknown as { received: unknown[] }).received))
        .toEqual([{ kind: 'conversation', conversationId: 'abc123' }]);
      expect(app.windows()).toHaveLength(1);
    } finally {
      await app.close();
    }
  });

  test('a deep link at launch is delivered once the client is shown; a hostile one is dropped', async () => {
    const { app, window } = await launchDesktop(userData, [
      'meeshy://open-external/https%3A%2F%2Fevil.example',
    ]);
    try {
      await waitForClient(window);
      const external = await app.evaluate(({ shell }) => typeof shell.openExternal);
      expect(external).toBe('function');
      await expect(window).toHaveURL(/^app:\/\/meeshy\//);
    } finally {
      await app.close();
    }
  });
});
