import { floatData, floatTensor, type Tensor } from './onnx-runtime.ts';
import {
  banRepeatedNgrams,
  candidateChoice,
  forceToken,
  greedyChoice,
  logSoftmax,
  repeatedNgramTokens,
  topK,
} from './logits.ts';
import type { DecoderCache, EncodedBatch, Seq2SeqSessions } from './seq2seq-sessions.ts';

export interface DecodingOptions {
  /** 1 = greedy search. */
  numBeams: number;
  /** 0 disables the repetition guard. */
  noRepeatNgramSize: number;
  /** Beam hypotheses are ranked by score / length^lengthPenalty. */
  lengthPenalty: number;
}

export interface GenerationRow {
  /** Token forced as the first generated one (NLLB's target language), if any. */
  forcedFirstToken: number | null;
  /** Longest decoder sequence, start token included. */
  maxLength: number;
  isCancelled: () => boolean;
}

export interface GeneratedSequence {
  /** Decoder tokens, the start token first (the same shape transformers.js's generate returns). */
  tokens: number[];
  /** Mean log-probability of the generated tokens. */
  meanLogProb: number;
}

export interface GenerationSetup {
  sessions: Seq2SeqSessions;
  encoded: EncodedBatch;
  decoderStartTokenId: number;
  eosTokenId: number;
  /** Forced as the token that fills a row's last place (forced_eos_token_id), when the model has one. */
  forcedEosTokenId: number | null;
  padTokenId: number;
  vocabSize: number;
  bannedTokens: readonly number[];
}

function rowScores(logits: Tensor, row: number, vocabSize: number): Float32Array {
  const data = floatData(logits);
  // logits are [rows, 1, vocab] for a one-token step.
  return data.subarray(row * vocabSize, (row + 1) * vocabSize);
}

/**
 * The token a row must take at this step, if any. As in Hugging Face's processors, the forced end of sequence is
 * applied after the forced first token, so it wins when both fall on the same step.
 */
function forcedToken(
  setup: GenerationSetup,
  row: GenerationRow,
  step: number,
  length: number,
): number | null {
  if (setup.forcedEosTokenId !== null && length === row.maxLength - 1) return setup.forcedEosTokenId;
  if (step === 0 && row.forcedFirstToken !== null) return row.forcedFirstToken;
  return null;
}

/**
 * The decoder input of every row for a decoder without past, which reads whole prefixes of one length: a row that
 * has stopped (finished, or a finished row's beams) is padded, and its output is not used.
 */
function samePrefixLength(sequences: readonly number[][], padTokenId: number): number[][] {
  const length = Math.max(...sequences.map((sequence) => sequence.length));
  return sequences.map((sequence) =>
    sequence.length === length
      ? sequence
      : [...sequence, ...new Array<number>(length - sequence.length).fill(padTokenId)],
  );
}

/** Greedy decoding of every row at once; a cancelled row stops at the next step (its result is null). */
export async function greedySearch(
  setup: GenerationSetup,
  rows: GenerationRow[],
  options: DecodingOptions,
): Promise<(GeneratedSequence | null)[]> {
  const sequences = rows.map(() => [setup.decoderStartTokenId]);
  const logProbSums = rows.map(() => 0);
  const finished = rows.map(() => false);
  const cancelled = rows.map(() => false);
  let cache: DecoderCache | null = null;
  const longest = Math.max(...rows.map((row) => row.maxLength));
  for (let step = 0; step + 1 < longest; step += 1) {
    rows.forEach((row, index) => {
      if (!finished[index] && row.isCancelled()) {
        finished[index] = true;
        cancelled[index] = true;
      }
    });
    if (finished.every(Boolean)) break;
    const lastTokens = sequences.map((sequence, index) =>
      finished[index] ? setup.padTokenId : (sequence[sequence.length - 1] ?? setup.padTokenId),
    );
    const prefixes = samePrefixLength(sequences, setup.padTokenId);
    // Per live row: its forced token, or the tokens it may not take.
    const picks = rows.map((row, index) => {
      const sequence = sequences[index] ?? [];
      if (finished[index]) return null;
      const forced = forcedToken(setup, row, step, sequence.length);
      if (forced !== null) return { forced, banned: null };
      const repeats = repeatedNgramTokens(sequence, options.noRepeatNgramSize);
      return { forced: null, banned: new Set([...setup.bannedTokens, ...repeats]) };
    });
    // The candidates hold every row's pick unless a row bans as many tokens as there are candidates (or the
    // vocabulary is smaller than that: TopK would fail).
    const perRow = setup.sessions.greedyCandidatesPerRow;
    const fromCandidates =
      perRow > 0 &&
      setup.vocabSize >= perRow &&
      picks.every((pick) => pick?.banned == null || pick.banned.size < perRow);
    const result = await setup.sessions.step(
      lastTokens,
      prefixes,
      setup.encoded,
      cache,
      fromCandidates ? 'greedy candidates' : 'logits',
    );
    cache = result.cache;
    rows.forEach((row, index) => {
      const sequence = sequences[index];
      const pick = picks[index];
      if (finished[index] || sequence === undefined || pick == null) return;
      let choice: { token: number; logProb: number } | null;
      if (pick.banned === null) {
        // Forced (NLLB's target language, or the end at the last place): certain, so it adds nothing.
        choice = { token: pick.forced, logProb: 0 };
      } else if (result.candidates !== null) {
        const { perRow: count, tokens, logProbs } = result.candidates;
        const span = [index * count, (index + 1) * count] as const;
        choice = candidateChoice(tokens.subarray(...span), logProbs.subarray(...span), pick.banned);
      } else {
        choice = greedyChoice(rowScores(result.logits, index, setup.vocabSize), pick.banned);
      }
      if (choice === null) throw new Error('every greedy candidate was banned');
      const { token } = choice;
      sequence.push(token);
      logProbSums[index] = (logProbSums[index] ?? 0) + choice.logProb;
      if (token === setup.eosTokenId || sequence.length >= row.maxLength) finished[index] = true;
    });
  }
  return sequences.map((tokens, index) =>
    cancelled[index]
      ? null
      : { tokens, meanLogProb: (logProbSums[index] ?? 0) / Math.max(1, tokens.length - 1) },
  );
}

interface Beam {
  tokens: number[];
  score: number;
}

/** Reorders the decoder self-attention cache so that row r continues the beam it was chosen from. */
function reorderCache(cache: DecoderCache, sources: number[]): DecoderCache {
  const decoder = new Map<string, Tensor>();
  for (const [name, tensor] of cache.decoder) {
    const data = floatData(tensor);
    const rowSize = data.length / (tensor.dims[0] ?? 1);
    const reordered = new Float32Array(data.length);
    sources.forEach((source, row) => {
      reordered.set(data.subarray(source * rowSize, (source + 1) * rowSize), row * rowSize);
    });
    decoder.set(name, floatTensor(reordered, [...tensor.dims]));
  }
  return { decoder, encoder: cache.encoder };
}

/**
 * Beam search with `numBeams` hypotheses per row. The encoded batch must already hold each row `numBeams` times
 * in a row (see repeatRows). Stops a row once it has `numBeams` finished hypotheses, like early_stopping=true.
 */
export async function beamSearch(
  setup: GenerationSetup,
  rows: GenerationRow[],
  options: DecodingOptions,
): Promise<(GeneratedSequence | null)[]> {
  const width = options.numBeams;
  const beams: Beam[][] = rows.map(() =>
    Array.from({ length: width }, (_, index) => ({
      tokens: [setup.decoderStartTokenId],
      // Only the first beam starts alive, so identical beams do not fill the width.
      score: index === 0 ? 0 : -Infinity,
    })),
  );
  const hypotheses: Beam[][] = rows.map(() => []);
  const done = rows.map(() => false);
  const cancelled = rows.map(() => false);
  const normalised = (beam: Beam) => beam.score / Math.pow(beam.tokens.length, options.lengthPenalty);
  let cache: DecoderCache | null = null;
  const longest = Math.max(...rows.map((row) => row.maxLength));
  for (let step = 0; step + 1 < longest; step += 1) {
    rows.forEach((row, index) => {
      if (!done[index] && row.isCancelled()) {
        done[index] = true;
        cancelled[index] = true;
      }
    });
    if (done.every(Boolean)) break;
    const lastTokens = beams.flatMap((rowBeams) =>
      rowBeams.map((beam) => beam.tokens[beam.tokens.length - 1] ?? 0),
    );
    const prefixes = samePrefixLength(
      beams.flatMap((rowBeams) => rowBeams.map((beam) => beam.tokens)),
      setup.padTokenId,
    );
    const result = await setup.sessions.step(lastTokens, prefixes, setup.encoded, cache);
    const { logits } = result;
    if (logits === null) throw new Error('a beam search step returned no logits');
    const sources: number[] = [];
    rows.forEach((row, rowIndex) => {
      const rowBeams = beams[rowIndex] ?? [];
      const base = rowIndex * width;
      if (done[rowIndex]) {
        rowBeams.forEach((_, beamIndex) => sources.push(base + beamIndex));
        return;
      }
      const candidates: { beam: number; token: number; score: number }[] = [];
      rowBeams.forEach((beam, beamIndex) => {
        if (beam.score === -Infinity) return;
        const scores = logSoftmax(rowScores(logits, base + beamIndex, setup.vocabSize));
        for (const banned of setup.bannedTokens) scores[banned] = -Infinity;
        const forced = forcedToken(setup, row, step, beam.tokens.length);
        if (forced !== null) forceToken(scores, forced);
        banRepeatedNgrams(scores, beam.tokens, options.noRepeatNgramSize);
        for (const { token, score } of topK(scores, 2 * width)) {
          candidates.push({ beam: beamIndex, token, score: beam.score + score });
        }
      });
      candidates.sort((a, b) => b.score - a.score);
      const next: Beam[] = [];
      const nextSources: number[] = [];
      const finishedHere = hypotheses[rowIndex] ?? [];
      for (const [rank, candidate] of candidates.entries()) {
        if (next.length === width) break;
        const tokens = [...(rowBeams[candidate.beam]?.tokens ?? []), candidate.token];
        if (candidate.token === setup.eosTokenId || tokens.length >= row.maxLength) {
          // As in the reference implementation, a finished candidate counts only if it ranks in the top `width`.
          if (rank < width) finishedHere.push({ tokens, score: candidate.score });
          continue;
        }
        next.push({ tokens, score: candidate.score });
        nextSources.push(base + candidate.beam);
      }
      while (next.length < width) {
        next.push({ tokens: [...(rowBeams[0]?.tokens ?? []), setup.padTokenId], score: -Infinity });
        nextSources.push(base);
      }
      beams[rowIndex] = next;
      sources.push(...nextSources);
      if (finishedHere.length >= width || next.every((beam) => beam.score === -Infinity))
        done[rowIndex] = true;
    });
    cache = reorderCache(result.cache, sources);
  }
  return rows.map((_, rowIndex) => {
    if (cancelled[rowIndex]) return null;
    const pool = [
      ...(hypotheses[rowIndex] ?? []),
      ...(beams[rowIndex] ?? []).filter((beam) => beam.score > -Infinity),
    ];
    pool.sort((a, b) => normalised(b) - normalised(a));
    const best = pool[0];
    if (best === undefined) return null;
    return { tokens: best.tokens, meanLogProb: best.score / Math.max(1, best.tokens.length - 1) };
  });
}

/** Repeats each row of a [rows, ...] tensor `times` times in place order (row0, row0, row1, row1, ...). */
export function repeatRows(data: Float32Array, rows: number, times: number): Float32Array;
export function repeatRows(data: BigInt64Array, rows: number, times: number): BigInt64Array;
export function repeatRows(
  data: Float32Array | BigInt64Array,
  rows: number,
  times: number,
): Float32Array | BigInt64Array {
  const rowSize = data.length / rows;
  const order = Array.from({ length: rows * times }, (_, index) => Math.floor(index / times));
  if (data instanceof Float32Array) {
    const out = new Float32Array(data.length * times);
    order.forEach((row, index) => {
      out.set(data.subarray(row * rowSize, (row + 1) * rowSize), index * rowSize);
    });
    return out;
  }
  const out = new BigInt64Array(data.length * times);
  order.forEach((row, index) => {
    out.set(data.subarray(row * rowSize, (row + 1) * rowSize), index * rowSize);
  });
  return out;
}
