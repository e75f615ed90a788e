import { describe, expect, it } from 'vitest';
import { runStartBench } from './stack-start.ts';

describe('bench:start --quick', () => {
  it('launches the stack with and without a model, twice each, and sees every stage in order', async () => {
    const { withModel, withoutModel, launches, verdicts } = await runStartBench(true, 'tsx', 2);
    // Two launches of each kind, alternately; the medians are of those launches.
    expect(launches.withModel).toHaveLength(2);
    expect(launches.withoutModel).toHaveLength(2);
    const loads = launches.withModel.map((times) => times.modelLoadedMs ?? Number.NaN).sort((a, b) => a - b);
    expect(withModel.modelLoadedMs).toBe(loads[0]);
    expect(withModel.readyMs).toBeGreaterThan(0);
    expect(withModel.firstScreenMs).toBeGreaterThanOrEqual(withModel.readyMs);
    expect(withModel.modelLoadedMs).not.toBeNull();
    expect(withModel.firstTranslationMs).toBeGreaterThanOrEqual(withModel.modelLoadedMs ?? Infinity);
    expect(withoutModel.modelLoadedMs).toBeNull();
    expect(withoutModel.firstScreenMs).toBeGreaterThanOrEqual(withoutModel.readyMs);
    expect(verdicts.map((verdict) => verdict.name)).toEqual([
      'first screen served before the model is loaded',
      'launch to ready server with the model loaded',
    ]);
  }, 300_000);
});
