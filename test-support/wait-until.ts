import { sleep } from './temp-dir.ts';

export interface WaitOptions {
  /** What is awaited, as the timeout's message says it: "the server's /health to answer 200". */
  what: string;
  timeoutMs: number;
  /** The pause between checks. */
  intervalMs?: number;
  /** What was last seen, added to the timeout's message (a status, a count). */
  lastSeen?: () => string;
}

export class WaitTimeout extends Error {
  override name = 'WaitTimeout';
}

/**
 * Checks until `check` answers a value (anything but undefined or false), and returns it; after
 * `timeoutMs` without one, throws a WaitTimeout naming what was awaited and what was last seen. The one
 * polling loop of the tests, for what no event announces.
 */
export async function waitUntil<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  options: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) {
      const seen = options.lastSeen === undefined ? '' : ` (last seen: ${options.lastSeen()})`;
      throw new WaitTimeout(`timed out after ${options.timeoutMs} ms waiting for ${options.what}${seen}`);
    }
    await sleep(options.intervalMs ?? 100);
  }
}
