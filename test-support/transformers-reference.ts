import { basename, dirname } from 'node:path';
import { AutoModelForSeq2SeqLM, env, Tensor } from '@huggingface/transformers';
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
