import { defineConfig } from '@playwright/test';
import { electronBinary } from './desktop/electron-binary.ts';
import type { NotRunSuite } from './summary-reporter.ts';

/**
 * The desktop suite (e2e/desktop/, Playwright's `_electron`) is a project of its own, run only where an
 * Electron binary exists. Elsewhere the run says so, with the reason, on its last lines: under CI too, as
 * the one exception to "a test that cannot run fails under CI", since no binary can be downloaded here.
 */
const desktop = electronBinary();
const notRun: NotRunSuite[] = desktop.available
  ? []
  : [{ suite: 'desktop (e2e/desktop/)', reason: desktop.reason }];

/**
 * Chromium comes from Debian's package (apt-get install chromium); no browser is ever downloaded.
 * CHROMIUM_PATH overrides the location.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  projects: [
    // A pattern on the absolute path: the checkout's own folder may be called `desktop` too.
    { name: 'web', testIgnore: /[\\/]e2e[\\/]desktop[\\/]/ },
    ...(desktop.available ? [{ name: 'desktop', testDir: './desktop', timeout: 240_000 }] : []),
  ],
  globalSetup: './globalSetup.ts',
  outputDir: '../test-results/artifacts',
  // Two cores: the server, the preview server and two browser contexts already fill them.
  workers: 1,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['./summary-reporter.ts', { notRun }]],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        // A fake microphone that needs no permission prompt, and playback without a click: the voice
        // message test records in one page and plays in another.
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
        '--autoplay-policy=no-user-gesture-required',
      ],
    },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
