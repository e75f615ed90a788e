import { describe, expect, it } from 'vitest';
import { runStartBench } from './stack-start.ts';

describe('bench:start --quick', () => {
  it('launches the stack with and without a model and sees every stage in order', async () => {
    const { withModel, withoutModel, verdicts } = await runStartBench(true);
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
