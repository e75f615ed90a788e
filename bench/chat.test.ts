import { describe, expect, it } from 'vitest';
import { QUICK_PLAN, runChatBench, verdicts } from './chat.ts';
import { TARGET_KINDS } from './chat/target-kinds.ts';

describe('bench:chat --quick', () => {
  it('drives every target in both shapes and counts every delivery exactly once', async () => {
    const measurements = await runChatBench(QUICK_PLAN, TARGET_KINDS);
    // Every target in every shape, and the paced run in the first shape.
    expect(measurements).toHaveLength(TARGET_KINDS.length * (QUICK_PLAN.shapes.length + 1));
    for (const { target, shape, mode, result, stopMs, cpuMicrosPerSend } of measurements) {
      // Every target stopped on SIGTERM (as a user's quit) and its time was taken, and so was the CPU
      // time its sends took (a target process works for each send, tens of µs at the least).
      if (mode === 'sustained') {
        expect(stopMs, `${target} / ${shape} stop`).toBeGreaterThan(0);
        expect(cpuMicrosPerSend, `${target} / ${shape} CPU`).toBeGreaterThan(1);
      }
      const members = QUICK_PLAN.shapes.find((candidate) => candidate.name === shape)?.members ?? 0;
      expect(result.acked, `${target} / ${shape}`).toBeGreaterThan(0);
      expect(result.failed).toBe(0);
      expect(result.overloaded).toBe(false);
      // Each message reaches every member of its conversation, once (the sender's own socket included).
      expect(result.expectedDeliveries).toBe(result.sent * members);
      expect(result.deliveries).toBe(result.expectedDeliveries);
      expect(result.undelivered).toBe(0);
      expect(result.duplicated).toBe(0);
    }
    const names = verdicts(measurements, QUICK_PLAN).map((verdict) => verdict.name);
    expect(names).toContain('chat delivery rate, group of 5');
    expect(names).toContain('chat-translator-refusing p99 delivery at 50 msg/s');
    expect(names).toContain('nothing lost, duplicated or refused');
    expect(names).toContain('stop with the translator refusing, group of 5');
  }, 180_000);
});
