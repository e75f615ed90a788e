/** What one side of a translator benchmark runs, in a process of its own so its memory and start are its own. */
export interface SidePlan {
  modelDir: string;
  /** Warm single-message translations measured (after one warm-up). */
  messages: number;
  /** Tokens in, and tokens out (the target-language token first, as NLLB forces it). */
  tokens: number;
  /** Requests sent at once in the burst; 0 for none. */
  concurrent: number;
  /** NLLB language token the output is forced to start with. */
  targetToken: string;
  intraOpThreads: number;
}

export interface BurstReport {
  requests: number;
  /** Generated tokens over all requests. */
  tokens: number;
  ms: number;
}

export interface SideReport {
  side: 'engine' | 'peer';
  /** From this process's start (performance.timeOrigin) to the end of its first translation. */
  firstTranslationMs: number;
  loadMs: number;
  latenciesMs: number[];
  /** Tokens generated per measured message, the forced first one excluded. */
  tokensPerMessage: number[];
  /** The same messages stopped after the first (uncached) step: encoder plus one step. */
  firstStepMs: number[];
  burst: BurstReport | null;
  /** ru_maxrss: the most memory the process held at once, model load included. */
  peakRssMb: number;
}

/**
 * Encoder input of message `index`: `tokens - 1` ids from the middle of the vocabulary (clear of the special
 * tokens at its start and the language tokens at its end) and `</s>`.
 */
export function messageIds(index: number, tokens: number, vocabularySize: number): number[] {
  const first = Math.floor(vocabularySize / 4);
  const words = Math.max(1, Math.floor(vocabularySize / 2));
  return Array.from(
    { length: tokens - 1 },
    (_, position) => first + ((index * 613 + position * 97) % words),
  ).concat([2]);
}

export function median(values: readonly number[]): number {
  return percentile(values, 0.5);
}

export function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

/**
 * One side's reports from several rounds as one: every message's times together (so the medians are over all
 * of them), the median load and first translation, and the highest peak memory.
 */
export function mergeRounds(reports: readonly SideReport[]): SideReport {
  const first = reports[0];
  if (first === undefined) throw new Error('no rounds to merge');
  return {
    side: first.side,
    firstTranslationMs: median(reports.map((report) => report.firstTranslationMs)),
    loadMs: median(reports.map((report) => report.loadMs)),
    latenciesMs: reports.flatMap((report) => report.latenciesMs),
    tokensPerMessage: reports.flatMap((report) => report.tokensPerMessage),
    firstStepMs: reports.flatMap((report) => report.firstStepMs),
    burst: first.burst,
    peakRssMb: Math.max(...reports.map((report) => report.peakRssMb)),
  };
}
