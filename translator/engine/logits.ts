/** Log-softmax of one row of logits, in place into a new array. */
export function logSoftmax(logits: Float32Array): Float32Array {
  let max = -Infinity;
  for (const value of logits) if (value > max) max = value;
  let sum = 0;
  for (const value of logits) sum += Math.exp(value - max);
  const logSum = max + Math.log(sum);
  const result = new Float32Array(logits.length);
  for (let index = 0; index < logits.length; index += 1)
    result[index] = (logits[index] ?? -Infinity) - logSum;
  return result;
}

/** Makes `token` the only possible choice (NLLB's forced target-language token). */
export function forceToken(scores: Float32Array, token: number): void {
  scores.fill(-Infinity);
  scores[token] = 0;
}

/**
 * Repetition guard: bans any token that would repeat an n-gram already in the sequence, which stops the
 * "I'm sorry. I'm sorry. ..." loops NLLB is known for.
 */
export function banRepeatedNgrams(scores: Float32Array, sequence: readonly number[], size: number): void {
  if (size <= 0 || sequence.length + 1 < size) return;
  const prefixStart = sequence.length - (size - 1);
  for (let start = 0; start + size - 1 < sequence.length; start += 1) {
    let matches = true;
    for (let offset = 0; offset < size - 1; offset += 1) {
      if (sequence[start + offset] !== sequence[prefixStart + offset]) {
        matches = false;
        break;
      }
    }
    const banned = sequence[start + size - 1];
    if (matches && banned !== undefined) scores[banned] = -Infinity;
  }
}

/** Index of the highest score; the first one wins ties, as in every reference implementation. */
export function argmax(scores: Float32Array): number {
  let best = 0;
  for (let index = 1; index < scores.length; index += 1) {
    if ((scores[index] ?? -Infinity) > (scores[best] ?? -Infinity)) best = index;
  }
  return best;
}

/** The `count` best (token, score) pairs, best first. */
export function topK(scores: Float32Array, count: number): { token: number; score: number }[] {
  const best: { token: number; score: number }[] = [];
  for (let token = 0; token < scores.length; token += 1) {
    const score = scores[token] ?? -Infinity;
    if (score === -Infinity) continue;
    if (best.length < count) {
      best.push({ token, score });
      best.sort((a, b) => b.score - a.score);
    } else if (score > (best[count - 1]?.score ?? -Infinity)) {
      best[count - 1] = { token, score };
      best.sort((a, b) => b.score - a.score);
    }
  }
  return best;
}
