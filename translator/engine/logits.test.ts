import { describe, expect, it } from 'vitest';
import { banRepeatedNgrams, forceToken, greedyChoice, logSoftmax, topK } from './logits.ts';

describe('logit processing', () => {
  it('log-softmax gives log-probabilities that sum to one', () => {
    const scores = logSoftmax(Float32Array.from([1, 2, 3]));
    const total = Array.from(scores).reduce((sum, value) => sum + Math.exp(value), 0);
    expect(total).toBeCloseTo(1, 6);
  });

  it('the greedy choice is the best unbanned logit, the first of equals, with its log-softmax probability', () => {
    expect(greedyChoice(Float32Array.from([0, 5, 5, 1]), new Set()).token).toBe(1);
    expect(greedyChoice(Float32Array.from([0, 5, 5, 1]), new Set([1])).token).toBe(2);
    // Against the full log-softmax on a large random row, as NLLB's 256k-token vocabulary gives.
    let state = 7;
    const logits = Float32Array.from({ length: 50_000 }, () => {
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
      return (state / 2 ** 31) * 40 - 20;
    });
    const full = logSoftmax(logits);
    const best = full.indexOf(Math.max(...full));
    const banned = new Set([best]);
    const choice = greedyChoice(logits, banned);
    const expected = full.reduce(
      (winner, value, token) => (!banned.has(token) && value > (full[winner] ?? -Infinity) ? token : winner),
      best === 0 ? 1 : 0,
    );
    expect(choice.token).toBe(expected);
    expect(choice.logProb).toBeCloseTo(full[expected] ?? 0, 4);
  });

  it('the one-pass log-probability holds when the maximum keeps moving, and ignores -Infinity', () => {
    // Rising logits move the running maximum at every entry: the worst case for its rescaling.
    const rising = Float32Array.from({ length: 2_000 }, (_, index) => index / 40);
    const full = logSoftmax(rising);
    const choice = greedyChoice(rising, new Set());
    expect(choice.token).toBe(rising.length - 1);
    expect(choice.logProb).toBeCloseTo(full[rising.length - 1] ?? 0, 3);
    const masked = greedyChoice(Float32Array.from([-Infinity, 2, -Infinity, 2]), new Set());
    expect(masked).toEqual({ token: 1, logProb: expect.closeTo(Math.log(0.5), 3) as number });
  });

  it('topK orders the best first and skips banned tokens', () => {
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
