import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, expect, type ElectronApplication, type Page } from '@playwright/test';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The built main process (`npm run build`), as `package.json`'s `main` names it. */
export const MAIN_SCRIPT = path.join(repoRoot, 'dist', 'app', 'electron', 'main.js');

export interface LaunchedDesktop {
  app: ElectronApplication;
  window: Page;
  userData: string;
}

/** A fresh user-data folder for one test, like a first install on a new machine. */
export function makeUserData(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'meeshy-desktop-e2e-'));
}

/** Starts the desktop app on `userData` with extra launch arguments (a deep link), and waits for its window. */
export async function launchDesktop(userData: string, extraArgs: string[] = []): Promise<LaunchedDesktop> {
  if (!fs.existsSync(MAIN_SCRIPT)) throw new Error(`${MAIN_SCRIPT} is missing: run \`npm run build\` first`);
  const app = await _electron.launch({
    args: [MAIN_SCRIPT, ...extraArgs],
    env: { ...process.env, MEESHY_USER_DATA: userData, MEESHY_OFFLINE: '1' },
  });
  const window = await app.firstWindow();
  return { app, window, userData };
}

/** Waits until the local stack is up and the client is shown (the start screen is gone). */
export async function waitForClient(window: Page): Promise<void> {
  await expect(window).toHaveURL(/^app:\/\/meeshy\/(?!__start)/, { timeout: 120_000 });
  await expect(window.locator('#root')).not.toBeEmpty();
}
