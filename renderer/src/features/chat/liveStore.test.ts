import { beforeEach, describe, expect, it } from 'vitest';
import { useLive } from './liveStore.ts';

describe('read positions', () => {
  beforeEach(() => {
    useLive.getState().reset();
  });

  it('only move forward, whether they come from a snapshot or a live event', () => {
    const { setRead } = useLive.getState();
    setRead('c1', 'bob', 5);
    setRead('c1', 'bob', 3); // an older snapshot arriving late
    expect(useLive.getState().reads.c1?.bob).toBe(5);
    setRead('c1', 'bob', 8);
    expect(useLive.getState().reads.c1?.bob).toBe(8);
    expect(useLive.getState().reads.c2).toBeUndefined();
  });
});
