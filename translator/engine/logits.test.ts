import { describe, expect, it } from 'vitest';
import { argmax, banRepeatedNgrams, forceToken, logSoftmax, topK } from './logits.ts';

describe('logit processing', () => {
  it('log-softmax gives log-probabilities that sum to one', () => {
    const scores = logSoftmax(Float32Array.from([1, 2, 3]));
    const total = Array.from(scores).reduce((sum, value) => sum + Math.exp(value), 0);
    expect(total).toBeCloseTo(1, 6);
    expect(argmax(scores)).toBe(2);
  });

  it('argmax takes the first of equal scores; topK orders the best first and skips banned tokens', () => {
    expect(argmax(Float32Array.from([0, 5, 5, 1]))).toBe(1);
    expect(topK(Float32Array.from([0.1, -Infinity, 0.7, 0.3]), 2)).toEqual([
      { token: 2, score: expect.closeTo(0.7, 5) as number },
      { token: 3, score: expect.closeTo(0.3, 5) as number },
    ]);
  });

  it('forcing leaves one possible token', () => {
    const scores = Float32Array.from([0, 1, 2]);
    forceToken(scores, 0);
    expect(Array.from(scores)).toEqual([0, -Infinity, -Infinity]);
  });

  it('bans exactly the tokens that would repeat an n-gram', () => {
    const scores = new Float32Array(10);
    // Sequence ... 4 5 6 ... 4 5: with trigrams, 6 may not follow "4 5" again; bigram "5 x" is free otherwise.
    banRepeatedNgrams(scores, [1, 4, 5, 6, 2, 4, 5], 3);
    expect(
      Array.from(scores)
        .map((value, token) => (value === -Infinity ? token : null))
        .filter((token) => token !== null),
    ).toEqual([6]);
    const untouched = new Float32Array(10);
    banRepeatedNgrams(untouched, [1, 2, 3], 3);
    expect(Array.from(untouched).every((value) => value === 0)).toBe(true);
  });
});
