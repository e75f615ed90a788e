import { describe, expect, it } from 'vitest';
import { runLatencyBench } from './translator-latency.ts';
import { CONCURRENT_REQUESTS, runThroughputBench } from './translator-throughput.ts';

describe('bench:latency --quick', () => {
  it('measures both sides on the same messages and judges every target', async () => {
    const result = await runLatencyBench(true);
    // The sides took turns over the rounds; each side's report holds every round's messages.
    expect(result.rounds).toHaveLength(2);
    expect(result.rounds.map((round) => round.engine.side)).toEqual(['engine', 'engine']);
    for (const side of [result.engine, result.peer]) {
      expect(side.latenciesMs).toHaveLength(result.plan.messages * result.rounds.length);
      expect(side.firstStepMs).toHaveLength(result.plan.messages * result.rounds.length);
      // The peer is forced to the full length; the engine stops at </s>, which random weights rarely pick.
      expect(side.tokensPerMessage.every((tokens) => tokens >= 1 && tokens <= result.plan.tokens - 1)).toBe(
        true,
      );
      expect(side.firstTranslationMs).toBeGreaterThan(side.loadMs);
      expect(side.peakRssMb).toBeGreaterThan(0);
    }
    expect(result.peer.tokensPerMessage).toEqual(
      result.peer.tokensPerMessage.map(() => result.plan.tokens - 1),
    );
    expect(result.bandwidthGbPerSecond).toBeGreaterThan(0);
    expect(result.stepWeightBytes).toBeGreaterThan(0);
    expect(result.verdicts.map((verdict) => verdict.name)).toEqual([
      'single-message latency vs transformers.js',
      'time per decoding step vs memory-bandwidth floor',
      'peak memory',
      'first translation from process start',
    ]);
  }, 240_000);
});

describe('bench:translator --quick', () => {
  it('sends the same burst of concurrent requests to both sides and counts every token', async () => {
    const result = await runThroughputBench(true);
    for (const side of [result.engine, result.peer]) {
      expect(side.burst?.requests).toBe(CONCURRENT_REQUESTS);
      expect(side.burst?.tokens).toBeGreaterThanOrEqual(CONCURRENT_REQUESTS);
      expect(side.burst?.tokens).toBeLessThanOrEqual(CONCURRENT_REQUESTS * (result.plan.tokens - 1));
    }
    expect(result.peer.burst?.tokens).toBe(CONCURRENT_REQUESTS * (result.plan.tokens - 1));
    expect(result.verdicts).toHaveLength(1);
  }, 240_000);
});
