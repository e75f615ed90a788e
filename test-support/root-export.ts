import { cp, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { cachedRandomFixture } from '../tools/fixtures/fixture-cache.ts';
import { TINY_DIMS } from '../tools/fixtures/random-transformer.ts';

/**
 * A copy at `destination` of a tiny NLLB export in the layout community exports have: the encoder and a decoder
 * without past (quantized) at the folder's root, no onnx/ folder.
 */
export async function writeRootNoPastExport(destination: string): Promise<void> {
  const fixture = await cachedRandomFixture({
    family: 'nllb',
    dims: TINY_DIMS,
    seed: 3,
    precisions: ['quantized'],
    variant: { decoderWithoutPast: true },
  });
  await cp(fixture, destination, { recursive: true });
  for (const file of await readdir(join(destination, 'onnx'))) {
    await cp(join(destination, 'onnx', file), join(destination, file));
  }
  await rm(join(destination, 'onnx'), { recursive: true });
}
