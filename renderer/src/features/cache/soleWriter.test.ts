import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CacheWriter } from './cacheWriter.ts';
import { asSoleWriter } from './soleWriter.ts';

type Callback = (lock: object | null) => Promise<void>;

/** The Web Locks API's exclusive locks, as two windows of one browser share them. */
function fakeLocks() {
  const held = new Set<string>();
  const waiting = new Map<string, Callback[]>();
  const grant = (name: string, callback: Callback): Promise<void> => {
    held.add(name);
    return callback({}).finally(() => {
      held.delete(name);
      const next = waiting.get(name)?.shift();
      if (next !== undefined) void grant(name, next);
    });
  };
  return {
    request(name: string, ...args: [Callback] | [{ ifAvailable?: boolean }, Callback]): Promise<void> {
      const [options, callback] = args.length === 1 ? [{}, args[0]] : args;
      if (!held.has(name)) return grant(name, callback);
      if (options.ifAvailable === true) return callback(null);
      waiting.set(name, [...(waiting.get(name) ?? []), callback]);
      return Promise.resolve();
    },
  };
}

function writer() {
  const stop = vi.fn<() => void>();
  const flush = vi.fn(() => Promise.resolve());
  const made: CacheWriter = { stop, flush };
  return Object.assign(made, { stop });
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('one cache writer per user', () => {
  it('a second window waits, then takes over writing everything it has once the first goes', async () => {
    vi.stubGlobal('navigator', { locks: fakeLocks() });
    const first = writer();
    const second = writer();
    const startFirst = vi.fn(() => first);
    const startSecond = vi.fn(() => second);
    const one = asSoleWriter('ann@server', startFirst);
    const two = asSoleWriter('ann@server', startSecond);
    await tick();
    expect(startFirst).toHaveBeenCalledExactlyOnceWith(true);
    expect(startSecond).not.toHaveBeenCalled();
    // Another user's cache has its own writer.
    const other = vi.fn(() => writer());
    asSoleWriter('bob@server', other);
    await tick();
    expect(other).toHaveBeenCalledExactlyOnceWith(true);

    one.stop();
    await tick();
    expect(first.stop).toHaveBeenCalled();
    // It cannot know what the first left: it does not take the stores as written.
    expect(startSecond).toHaveBeenCalledExactlyOnceWith(false);
    two.stop();
    expect(second.stop).toHaveBeenCalled();
  });

  it('a window that stops while waiting never starts writing', async () => {
    vi.stubGlobal('navigator', { locks: fakeLocks() });
    const one = asSoleWriter('ann@server', () => writer());
    const startSecond = vi.fn(() => writer());
    const two = asSoleWriter('ann@server', startSecond);
    await tick();
    two.stop();
    one.stop();
    await tick();
    expect(startSecond).not.toHaveBeenCalled();
  });

  it('without the Web Locks API, writes at once', () => {
    vi.stubGlobal('navigator', {});
    const start = vi.fn(() => writer());
    asSoleWriter('ann@server', start);
    expect(start).toHaveBeenCalledExactlyOnceWith(true);
  });
});
