import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tokenizers from '@huggingface/tokenizers';

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
}

type TokenizerConstructor = new (tokenizerJson: object, tokenizerConfig: object) => HuggingFaceTokenizer;

const TokenizerClass = (tokenizers as unknown as { Tokenizer: TokenizerConstructor }).Tokenizer;

export class TextTokenizer {
  private constructor(private readonly tokenizer: HuggingFaceTokenizer) {}

  /** Reads `tokenizer.json` (and `tokenizer_config.json` when present) from a model folder. */
  static async load(modelDir: string): Promise<TextTokenizer> {
    const readJson = async (file: string): Promise<object> =>
      JSON.parse(await readFile(join(modelDir, file), 'utf8')) as object;
    let config: object = {};
    try {
      config = await readJson('tokenizer_config.json');
    } catch {
      // Optional: tokenizer.json alone defines the tokenizer.
    }
    return new TextTokenizer(new TokenizerClass(await readJson('tokenizer.json'), config));
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
