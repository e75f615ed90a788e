import { describe, expect, it } from 'vitest';
import { waitUntil, WaitTimeout } from './wait-until.ts';

describe('waitUntil', () => {
  it('checks until an answer comes, and gives it back', async () => {
    let checks = 0;
    const answer = await waitUntil(
      () => {
        checks += 1;
        return checks === 3 ? { checks } : undefined;
      },
      { what: 'the third check', timeoutMs: 60_000, intervalMs: 1 },
    );
    expect(answer).toEqual({ checks: 3 });
  });

  it('times out naming what was awaited and what was last seen', async () => {
    let seen = 0;
    const waiting = waitUntil(
      async () => {
        seen += 1;
        return Promise.resolve(false);
      },
      {
        what: 'a condition that never holds',
        timeoutMs: 50,
        intervalMs: 5,
        lastSeen: () => `${seen} checks`,
      },
    );
    await expect(waiting).rejects.toBeInstanceOf(WaitTimeout);
    await expect(waiting).rejects.toThrow(
      /^timed out after 50 ms waiting for a condition that never holds \(last seen: \d+ checks\)$/,
    );
  });
});
