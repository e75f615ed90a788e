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
 * Repetition guard: the tokens that would repeat an n-gram already in the sequence. Banning them stops the
 * "I'm sorry. I'm sorry. ..." loops NLLB is known for.
 */
export function repeatedNgramTokens(sequence: readonly number[], size: number): number[] {
  if (size <= 0 || sequence.length + 1 < size) return [];
  const banned: number[] = [];
  const prefixStart = sequence.length - (size - 1);
  for (let start = 0; start + size - 1 < sequence.length; start += 1) {
    let matches = true;
    for (let offset = 0; offset < size - 1; offset += 1) {
      if (sequence[start + offset] !== sequence[prefixStart + offset]) {
        matches = false;
        break;
      }
    }
    const token = sequence[start + size - 1];
    if (matches && token !== undefined) banned.push(token);
  }
  return banned;
}

export function banRepeatedNgrams(scores: Float32Array, sequence: readonly number[], size: number): void {
  for (const token of repeatedNgramTokens(sequence, size)) scores[token] = -Infinity;
}

/** Below this distance from the best logit, exp() adds less than 1e-13 each: too little to change a confidence. */
const NEGLIGIBLE_LOGIT_GAP = 30;
/** Table steps per unit of logit gap: exp(-gap) read from the nearest entry is within 0.2 % of the true value. */
const EXP_STEPS = 256;
/** exp(-k / EXP_STEPS) for every gap that still counts. */
const NEGATIVE_EXP = Float64Array.from({ length: NEGLIGIBLE_LOGIT_GAP * EXP_STEPS + 1 }, (_, step) =>
  Math.exp(-step / EXP_STEPS),
);

/**
 * The greedy pick from one row of raw logits, and its log-probability, in one pass over the row: the softmax
 * denominator is summed against a running maximum (rescaled when a new maximum appears, which in a row of logits
 * happens a handful of times), with exp() read from a table instead of computed. With NLLB's 256k-token vocabulary,
 * exp() on every entry made the confidence cost ten times the argmax; the table keeps each term within 0.2 % (the
 * sum, whose errors mostly cancel, far closer), which a confidence score does not notice.
 * The same token as argmax(logSoftmax(logits)) with `banned` set to -Infinity; the first of equal scores wins.
 */
export function greedyChoice(
  logits: Float32Array,
  banned: ReadonlySet<number>,
): { token: number; logProb: number } {
  let max = -Infinity;
  let sum = 0;
  let best = 0;
  let bestScore = -Infinity;
  for (let index = 0; index < logits.length; index += 1) {
    const value = logits[index] as number;
    if (value > max) {
      sum = sum * Math.exp(max - value) + 1;
      max = value;
    } else {
      const gap = max - value;
      if (gap < NEGLIGIBLE_LOGIT_GAP) sum += NEGATIVE_EXP[(gap * EXP_STEPS + 0.5) | 0] as number;
    }
    if (value > bestScore && !banned.has(index)) {
      best = index;
      bestScore = value;
    }
  }
  return { token: best, logProb: bestScore - max - Math.log(sum) };
}

/**
 * greedyChoice's token from a row's best candidates (best first, equal logits by lower token, as ONNX `TopK`
 * orders them) and their log-probabilities: the first that is not banned. Null when every candidate is banned
 * (the caller reads the whole row then; it can tell beforehand: fewer banned tokens than candidates never are).
 */
export function candidateChoice(
  tokens: BigInt64Array,
  logProbs: Float32Array,
  banned: ReadonlySet<number>,
): { token: number; logProb: number } | null {
  for (let index = 0; index < tokens.length; index += 1) {
    const token = Number(tokens[index]);
    if (!banned.has(token)) return { token, logProb: logProbs[index] ?? -Infinity };
  }
  return null;
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
