import { basename, dirname } from 'node:path';
import { AutoModelForSeq2SeqLM, AutoTokenizer, env, Tensor } from '@huggingface/transformers';
import type { Precision } from '../translator/engine/seq2seq-sessions.ts';

/** transformers.js with the model in `modelDir`, read from disk only: the reference the engine's decoding must match. */
export async function loadReferenceModel(modelDir: string, precision: Precision) {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${dirname(modelDir)}/`;
  return AutoModelForSeq2SeqLM.from_pretrained(basename(modelDir), {
    dtype: precision === 'fp32' ? 'fp32' : 'q8',
    device: 'cpu',
  });
}

type ReferenceModel = Awaited<ReturnType<typeof loadReferenceModel>>;

/** The reference's output ids for one row of encoder ids (no padding) with these generation options. */
export async function referenceIds(
  reference: ReferenceModel,
  ids: number[],
  options: Omit<Parameters<ReferenceModel['generate']>[0], 'inputs'>,
): Promise<number[] | undefined> {
  const output = (await reference.generate({
    inputs: new Tensor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]),
    attention_mask: new Tensor(
      'int64',
      BigInt64Array.from(ids, () => 1n),
      [1, ids.length],
    ),
    ...options,
  })) as Tensor;
  return (output.tolist() as bigint[][])[0]?.map(Number);
}

/** transformers.js's tokenizer for the model in `modelDir`, read from disk only. */
export async function loadReferenceTokenizer(modelDir: string) {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${dirname(modelDir)}/`;
  return AutoTokenizer.from_pretrained(basename(modelDir));
}

type ReferenceTokenizer = Awaited<ReturnType<typeof loadReferenceTokenizer>>;

/**
 * What the transformers.js translation pipeline feeds a language-token model (NLLB, M2M100) for one text: the
 * encoder ids with the source language token first, and the target token it forces as the first generated one.
 */
export function referenceTranslationInput(
  tokenizer: ReferenceTokenizer,
  text: string,
  languages: { src_lang: string; tgt_lang: string },
): { ids: number[]; forcedTarget: number } {
  const generateKwargs: { src_lang: string; tgt_lang: string; forced_bos_token_id?: number } = {
    ...languages,
  };
  const build = (
    tokenizer as unknown as {
      _build_translation_inputs(
        text: string,
        options: object,
        kwargs: typeof generateKwargs,
      ): { input_ids: Tensor };
    }
  )._build_translation_inputs.bind(tokenizer);
  const inputs = build(text, { padding: true, truncation: true }, generateKwargs);
  const ids = (inputs.input_ids.tolist() as bigint[][])[0]?.map(Number) ?? [];
  return { ids, forcedTarget: generateKwargs.forced_bos_token_id ?? -1 };
}

/** The reference tokenizer's ids for a text with the tokenizer's own special tokens (T5 and Marian prompts). */
export function referenceEncode(tokenizer: ReferenceTokenizer, text: string): number[] {
  return tokenizer.encode(text);
}
