import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tokenizers from '@huggingface/tokenizers';
import {
  adoptTables,
  readTokenizerCache,
  tablesOf,
  tokenizerCacheKey,
  writeTokenizerCache,
  type BpeModelTables,
} from './tokenizer-cache.ts';

/**
 * The part of @huggingface/tokenizers the engine uses. The package's own .d.ts files use extensionless relative
 * imports, which Node-style module resolution cannot follow, so its types arrive unresolved; this adapter states
 * them once, here.
 */
interface HuggingFaceTokenizer {
  encode(text: string, options: { add_special_tokens: boolean }): { ids: number[] };
  decode(ids: number[], options: { skip_special_tokens: boolean }): string;
  token_to_id(token: string): number | undefined;
  get_vocab(withAddedTokens: boolean): Map<string, number>;
  /** The tokenizer model (BPE, Unigram, WordPiece…) built from tokenizer.json's `model`. */
  model: object;
}

type TokenizerConstructor = new (tokenizerJson: object, tokenizerConfig: object) => HuggingFaceTokenizer;

const library = tokenizers as unknown as { Tokenizer: TokenizerConstructor; BPE: abstract new () => object };
const TokenizerClass = library.Tokenizer;

/** The library code whose output the tokenizer cache holds: a new version of it rebuilds the cache. */
const LIBRARY_SOURCE = `${String(library.Tokenizer)}\n${String(library.BPE)}`;

/** The parts of tokenizer.json the cache replaces; the library keeps a reference to them after building. */
interface TokenizerJson {
  model?: { vocab?: unknown; merges?: unknown };
}

function bpeModelOf(tokenizer: HuggingFaceTokenizer): (BpeModelTables & { merges: unknown[] }) | null {
  const model = tokenizer.model as Partial<BpeModelTables & { merges: unknown[] }>;
  const isBpe =
    model instanceof library.BPE &&
    model.tokens_to_ids instanceof Map &&
    model.bpe_ranks instanceof Map &&
    Array.isArray(model.vocab) &&
    Array.isArray(model.merges);
  return isBpe ? (model as BpeModelTables & { merges: unknown[] }) : null;
}

export class TextTokenizer {
  private constructor(
    private readonly tokenizer: HuggingFaceTokenizer,
    /** Where the vocabulary and merges came from: the folder's tokenizer cache, or tokenizer.json itself. */
    readonly builtFrom: 'cache' | 'tokenizer.json',
  ) {}

  /**
   * Reads `tokenizer.json` (and `tokenizer_config.json` when present) from a model folder. A BPE tokenizer's
   * vocabulary and merge ranks come from the folder's tokenizer cache when it was written from this very
   * tokenizer.json (tokenizer-cache.ts); otherwise they are built from tokenizer.json and the cache is written.
   */
  static async load(modelDir: string): Promise<TextTokenizer> {
    let config: object = {};
    try {
      config = JSON.parse(await readFile(join(modelDir, 'tokenizer_config.json'), 'utf8')) as object;
    } catch {
      // Optional: tokenizer.json alone defines the tokenizer.
    }
    const source = await readFile(join(modelDir, 'tokenizer.json'));
    const key = tokenizerCacheKey(source, LIBRARY_SOURCE);
    const cached = await readTokenizerCache(modelDir, key);
    if (cached !== null) {
      const tokenizer = new TokenizerClass(cached.skeleton, config);
      const model = bpeModelOf(tokenizer);
      if (model !== null) {
        adoptTables(model, cached.tables);
        return new TextTokenizer(tokenizer, 'cache');
      }
    }
    const json = JSON.parse(source.toString('utf8')) as TokenizerJson;
    const tokenizer = new TokenizerClass(json, config);
    const model = bpeModelOf(tokenizer);
    const tables = model === null ? null : tablesOf(model);
    if (model !== null && tables !== null && json.model !== undefined) {
      // The library keeps tokenizer.json (and its `model` as the model's config) and the split merges, though it
      // only reads them while building: 256k vocabulary keys and merges, about 50 MB of heap, let go here.
      json.model.vocab = {};
      json.model.merges = [];
      model.merges = [];
      await writeTokenizerCache(modelDir, key, json, tables);
    }
    return new TextTokenizer(tokenizer, 'tokenizer.json');
  }

  /** Token ids of the text alone; the family's prompt format adds the special tokens. */
  encode(text: string): number[] {
    return this.tokenizer.encode(text, { add_special_tokens: false }).ids;
  }

  decode(ids: number[]): string {
    return this.tokenizer.decode(ids, { skip_special_tokens: true });
  }

  idOf(token: string): number | undefined {
    return this.tokenizer.token_to_id(token);
  }

  /** Every token of the vocabulary (added tokens included) that matches the pattern. */
  tokensMatching(pattern: RegExp): string[] {
    return [...this.tokenizer.get_vocab(true).keys()].filter((token) => pattern.test(token));
  }
}
