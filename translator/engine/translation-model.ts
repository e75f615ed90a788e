import { baseLanguage, englishLanguageName } from '../text/language-codes.ts';
import {
  beamSearch,
  greedySearch,
  repeatRows,
  type DecodingOptions,
  type GeneratedSequence,
} from './generation.ts';
import { languageTokenId, languageTokenStyle, type LanguageTokenStyle } from './language-tokens.ts';
import { opusMtLanguages, type OpusMtLanguages } from './marian-languages.ts';
import { readModelConfig, type ModelConfig, type ModelFamily } from './model-config.ts';
import { floatData, floatTensor, int64Tensor, type RuntimeThreads } from './onnx-runtime.ts';
import type { DecoderLayout, OnnxFolder, Precision } from './export-layout.ts';
import { Seq2SeqSessions } from './seq2seq-sessions.ts';
import { TextTokenizer } from './tokenizer.ts';

export class InputTooLongError extends Error {
  constructor(
    readonly tokens: number,
    readonly limit: number,
  ) {
    super(`the text is ${tokens} tokens long; the model reads at most ${limit}`);
    this.name = 'InputTooLongError';
  }
}

export interface ModelLoadOptions {
  modelDir: string;
  precision: Precision;
  layout?: DecoderLayout;
  /** Where the ONNX files are (`onnx/` or the root); read from the folder when not given. */
  folder?: OnnxFolder;
  threads: RuntimeThreads;
  /**
   * Pairs the model knows, as "en-fr", when the catalog knows them; otherwise they come from the model's files
   * (NLLB and M2M100 tokens, T5 task prefixes, an opus-mt name and its `>>xx<<` target tokens).
   */
  pairs?: string[];
  /** Hub repository the model came from ("Helsinki-NLP/opus-mt-en-fr"): names an opus-mt model's pair. */
  repo?: string;
  /**
   * The quantized products as `MatMulNBits` (blockwise-graph.ts; true unless false): faster, and as near the float
   * product or nearer; false runs the export's own products, bit for bit.
   */
  blockwiseProducts?: boolean;
}

export interface TranslationItem {
  text: string;
  source: string;
  target: string;
  isCancelled: () => boolean;
}

export interface ModelOutput {
  text: string;
  tokens: number[];
  /** exp(mean token log-probability), in (0, 1]. */
  confidence: number;
}

/**
 * Longest output worth waiting for, given the input: a chat translation is rarely three times longer than its
 * source in tokens, while a model caught in a loop would otherwise run to its 200-token maximum.
 */
export function outputBudget(inputTokens: number): number {
  return inputTokens * 3 + 10;
}

export const DEFAULT_DECODING: DecodingOptions = { numBeams: 1, noRepeatNgramSize: 4, lengthPenalty: 1 };

/** A loaded seq2seq translation model: tokenizer, prompt format of its family, sessions and search. */
export class TranslationModel {
  private constructor(
    readonly family: ModelFamily,
    readonly layout: DecoderLayout,
    private readonly config: ModelConfig,
    private readonly tokenizer: TextTokenizer,
    private readonly sessions: Seq2SeqSessions,
    private readonly pairs: ReadonlySet<string> | null,
    private readonly languageStyle: LanguageTokenStyle,
    private readonly opusMt: OpusMtLanguages | null,
  ) {}

  static async load(options: ModelLoadOptions): Promise<TranslationModel> {
    const config = await readModelConfig(options.modelDir);
    // Sessions before the tokenizer: prepacking the weights is when the process holds the most memory, and the
    // tokenizer of a 256k vocabulary (about 150 MB of JavaScript heap) should not be there yet to add to it.
    const sessions = await Seq2SeqSessions.load(
      options.modelDir,
      {
        precision: options.precision,
        ...(options.layout ? { layout: options.layout } : {}),
        ...(options.folder ? { folder: options.folder } : {}),
        blockwiseProducts: options.blockwiseProducts ?? true,
      },
      options.threads,
    );
    let tokenizer: TextTokenizer;
    try {
      tokenizer = await TextTokenizer.load(options.modelDir);
    } catch (error) {
      await sessions.release();
      throw error;
    }
    const pairs =
      options.pairs !== undefined
        ? new Set(options.pairs)
        : config.family === 't5'
          ? new Set(config.taskPrefixes.keys())
          : null;
    // The hub repository first: an override names the real one, while a conversion may record a local path.
    const opusMt =
      config.family === 'marian'
        ? (opusMtLanguages(options.repo ?? '') ?? opusMtLanguages(config.nameOrPath ?? ''))
        : null;
    return new TranslationModel(
      config.family,
      sessions.layout,
      config,
      tokenizer,
      sessions,
      pairs,
      languageTokenStyle(config.family, tokenizer),
      opusMt,
    );
  }

  /**
   * Whether this model can translate source → target: NLLB and M2M100, any two languages they have a token for;
   * a multi-target opus-mt model, any target it has a `>>xx<<` token for; otherwise the known pairs.
   */
  supports(source: string, target: string): boolean {
    if (this.family === 'nllb')
      return this.languageToken(source) !== null && this.languageToken(target) !== null;
    if (this.pairs !== null) return this.pairs.has(`${baseLanguage(source)}-${baseLanguage(target)}`);
    if (this.opusMt === null && this.languageStyle !== 'marian-target') return false;
    const sourceMatches = this.opusMt?.source == null || this.opusMt.source === baseLanguage(source);
    const targetMatches =
      this.languageStyle === 'marian-target'
        ? this.languageToken(target) !== null
        : this.opusMt?.target === baseLanguage(target);
    return sourceMatches && targetMatches;
  }

  private languageToken(code: string): number | null {
    return languageTokenId(this.languageStyle, this.tokenizer, code);
  }

  /** Encoder input of one item, in the family's prompt format. */
  encoderInput(item: { text: string; source: string; target: string }): number[] {
    const words = this.tokenizer.encode(item.text);
    const eos = this.config.eosTokenId;
    let ids: number[];
    if (this.family === 'nllb') {
      const source = this.languageToken(item.source);
      if (source === null) throw new Error(`${item.source} has no language token in this model`);
      ids = [source, ...words, eos];
    } else if (this.family === 't5') {
      const prefix =
        this.config.taskPrefixes.get(`${baseLanguage(item.source)}-${baseLanguage(item.target)}`) ??
        `translate ${englishLanguageName(item.source)} to ${englishLanguageName(item.target)}: `;
      ids = [...this.tokenizer.encode(prefix + item.text), eos];
    } else if (this.languageStyle === 'marian-target') {
      // A multi-target opus-mt model reads the target language from its first token (`>>fra<<`).
      const target = this.languageToken(item.target);
      if (target === null) throw new Error(`${item.target} has no target token in this model`);
      ids = [target, ...words, eos];
    } else {
      ids = [...words, eos];
    }
    if (ids.length > this.config.maxInputTokens)
      throw new InputTooLongError(ids.length, this.config.maxInputTokens);
    return ids;
  }

  /** Translates every item in one batched run. Cancelled items come back as null. */
  async translate(
    items: TranslationItem[],
    decoding: DecodingOptions = DEFAULT_DECODING,
    maxLength = this.config.maxLength,
  ): Promise<(ModelOutput | null)[]> {
    const sequences = await this.generate(
      items.map((item) => {
        const ids = this.encoderInput(item);
        return {
          ids,
          target: item.target,
          isCancelled: item.isCancelled,
          maxLength: outputBudget(ids.length),
        };
      }),
      decoding,
      maxLength,
    );
    return sequences.map((sequence) =>
      sequence === null
        ? null
        : {
            text: this.tokenizer.decode(sequence.tokens).trim(),
            tokens: sequence.tokens,
            confidence: Math.exp(sequence.meanLogProb),
          },
    );
  }

  /** Generation from ready encoder ids (the token-level API the equivalence tests use). */
  async generate(
    rows: { ids: number[]; target: string; isCancelled: () => boolean; maxLength?: number }[],
    decoding: DecodingOptions,
    maxLength = this.config.maxLength,
  ): Promise<(GeneratedSequence | null)[]> {
    const width = Math.max(1, decoding.numBeams);
    const sequenceLength = Math.max(...rows.map((row) => row.ids.length));
    const inputIds: number[] = [];
    const attentionMask: number[] = [];
    for (const row of rows) {
      // Right padding, as the reference tokenizers pad; the mask hides the pad tokens from attention.
      for (let position = 0; position < sequenceLength; position += 1) {
        inputIds.push(row.ids[position] ?? this.config.padTokenId);
        attentionMask.push(position < row.ids.length ? 1 : 0);
      }
    }
    let encoded = await this.sessions.encode({
      inputIds,
      attentionMask,
      batchSize: rows.length,
      sequenceLength,
    });
    if (width > 1) {
      const hidden = encoded.hiddenStates;
      const mask = encoded.attentionMask.data as BigInt64Array;
      encoded = {
        hiddenStates: floatTensor(repeatRows(floatData(hidden), rows.length, width), [
          rows.length * width,
          ...hidden.dims.slice(1),
        ]),
        attentionMask: int64Tensor(
          Array.from(repeatRows(mask, rows.length, width), (value) => Number(value)),
          [rows.length * width, sequenceLength],
        ),
      };
    }
    const generationRows = rows.map((row) => ({
      forcedFirstToken: this.family === 'nllb' ? this.languageToken(row.target) : null,
      maxLength: Math.min(maxLength, this.config.maxLength, row.maxLength ?? Infinity),
      isCancelled: row.isCancelled,
    }));
    const setup = {
      sessions: this.sessions,
      encoded,
      decoderStartTokenId: this.config.decoderStartTokenId,
      eosTokenId: this.config.eosTokenId,
      forcedEosTokenId: this.config.forcedEosTokenId,
      padTokenId: this.config.padTokenId,
      vocabSize: this.config.vocabSize,
      bannedTokens: this.config.bannedTokens,
    };
    return width > 1
      ? beamSearch(setup, generationRows, decoding)
      : greedySearch(setup, generationRows, decoding);
  }

  async release(): Promise<void> {
    await this.sessions.release();
  }
}
