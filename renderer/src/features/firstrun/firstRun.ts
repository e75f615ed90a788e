import { browserStore } from '../../lib/storage.ts';
import { desktopBridge } from '../../lib/desktopBridge.ts';

const KEY = 'meeshy.desktop.firstRunDone';

/** The desktop app's first run (languages, default model) is still to do; never in a browser. */
export function isFirstRunPending(): boolean {
  return desktopBridge() !== undefined && browserStore().getItem(KEY) === null;
}

/** Done or skipped: the first-run screen is not shown again on this device. */
export function finishFirstRun(): void {
  browserStore().setItem(KEY, new Date().toISOString());
}
