import { describe, expect, it } from 'vitest';
import { uuidSchema } from '../../contract/common.ts';
import { timeOrderedId } from './time-ordered-id.ts';

describe('timeOrderedId', () => {
  it('is a version 7 UUID the contract accepts, whose first 48 bits are the time in milliseconds', () => {
    const at = Date.UTC(2026, 11, 2, 8, 30);
    const id = timeOrderedId(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidSchema.safeParse(id).success).toBe(true);
    expect(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(at);
  });

  it('sorts by creation time, and ids of the same millisecond differ', () => {
    const earlier = timeOrderedId(1_000_000);
    const later = timeOrderedId(1_000_001);
    expect(earlier < later).toBe(true);
    const sameMillisecond = new Set(Array.from({ length: 1000 }, () => timeOrderedId(1_000_000)));
    expect(sameMillisecond.size).toBe(1000);
  });
});
