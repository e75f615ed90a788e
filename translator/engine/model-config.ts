import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

export type ModelFamily = 'nllb' | 't5' | 'marian';

const configSchema = z.looseObject({
  model_type: z.string(),
  _name_or_path: z.string().optional(),
  d_model: z.number().int().positive(),
  vocab_size: z.number().int().positive(),
  pad_token_id: z.number().int(),
  eos_token_id: z.number().int(),
  bos_token_id: z.number().int().nullish(),
  decoder_start_token_id: z.number().int().nullish(),
  forced_eos_token_id: z.number().int().nullish(),
  max_position_embeddings: z.number().int().positive().optional(),
  n_positions: z.number().int().positive().optional(),
  bad_words_ids: z.array(z.array(z.number().int())).optional(),
  task_specific_params: z.record(z.string(), z.looseObject({ prefix: z.string().optional() })).optional(),
});

const generationSchema = z.looseObject({
  bos_token_id: z.number().int().nullish(),
  decoder_start_token_id: z.number().int().nullish(),
  forced_eos_token_id: z.number().int().nullish(),
  max_length: z.number().int().positive().optional(),
  num_beams: z.number().int().positive().optional(),
  bad_words_ids: z.array(z.array(z.number().int())).optional(),
});

/** What decoding needs to know about a Hugging Face seq2seq export. */
export interface ModelConfig {
  family: ModelFamily;
  /** The repository the export was converted from ("Helsinki-NLP/opus-mt-en-fr"), when config.json records it. */
  nameOrPath: string | null;
  vocabSize: number;
  padTokenId: number;
  eosTokenId: number;
  decoderStartTokenId: number;
  /** Token forced as the last one a sequence can hold (forced_eos_token_id: opus-mt, BART), or null. */
  forcedEosTokenId: number | null;
  maxLength: number;
  /** Longest encoder input the model's positions cover. */
  maxInputTokens: number;
  /** Tokens never generated (single-token bad_words_ids; Marian bans its pad token this way). */
  bannedTokens: number[];
  /** T5: "en-fr" → "translate English to French: ", from task_specific_params. */
  taskPrefixes: ReadonlyMap<string, string>;
}

const FAMILY_BY_MODEL_TYPE: Readonly<Record<string, ModelFamily>> = {
  m2m_100: 'nllb',
  nllb: 'nllb',
  t5: 't5',
  mt5: 't5',
  marian: 'marian',
};

export async function readModelConfig(modelDir: string): Promise<ModelConfig> {
  const config = configSchema.parse(JSON.parse(await readFile(join(modelDir, 'config.json'), 'utf8')));
  let generation: z.infer<typeof generationSchema> = {};
  try {
    generation = generationSchema.parse(
      JSON.parse(await readFile(join(modelDir, 'generation_config.json'), 'utf8')),
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  // As transformers.js and Hugging Face read it: generation_config.json over config.json, then bos for the start.
  const decoderStartTokenId =
    generation.decoder_start_token_id ??
    config.decoder_start_token_id ??
    generation.bos_token_id ??
    config.bos_token_id;
  if (decoderStartTokenId === undefined || decoderStartTokenId === null)
    throw new Error(`${modelDir}: the configuration has neither decoder_start_token_id nor bos_token_id`);
  const family = FAMILY_BY_MODEL_TYPE[config.model_type];
  if (family === undefined) throw new Error(`${modelDir}: unsupported model_type "${config.model_type}"`);
  const taskPrefixes = new Map<string, string>();
  for (const [task, params] of Object.entries(config.task_specific_params ?? {})) {
    const match = /^translation_([a-z]{2,3})_to_([a-z]{2,3})$/.exec(task);
    if (match !== null && params.prefix !== undefined)
      taskPrefixes.set(`${match[1] ?? ''}-${match[2] ?? ''}`, params.prefix);
  }
  return {
    family,
    nameOrPath: config._name_or_path ?? null,
    vocabSize: config.vocab_size,
    padTokenId: config.pad_token_id,
    eosTokenId: config.eos_token_id,
    decoderStartTokenId,
    forcedEosTokenId: generation.forced_eos_token_id ?? config.forced_eos_token_id ?? null,
    maxLength: generation.max_length ?? 200,
    bannedTokens: (generation.bad_words_ids ?? config.bad_words_ids ?? [])
      .filter((words) => words.length === 1)
      .map((words) => words[0] ?? -1),
    maxInputTokens: config.max_position_embeddings ?? config.n_positions ?? 512,
    taskPrefixes,
  };
}
