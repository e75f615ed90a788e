import { describe, expect, it } from 'vitest';
import { requiredOnnxFiles } from '../engine/export-layout.ts';
import type { ModelTier } from '../../contract/translations.ts';
import { builtInCatalog, catalogFromEnvironment } from './catalog.ts';

const COMMIT = /^[0-9a-f]{40}$/;
const SHA256 = /^[0-9a-f]{64}$/;

function builtIn(tier: ModelTier) {
  const entry = builtInCatalog().find((candidate) => candidate.tier === tier);
  if (entry === undefined) throw new Error(`no ${tier} entry`);
  return entry;
}

describe('built-in catalog', () => {
  it('pins the basic and medium exports at a commit, not at a branch', () => {
    expect(builtIn('basic').revision).toMatch(COMMIT);
    expect(builtIn('medium').revision).toMatch(COMMIT);
  });

  it('records the size and sha256 of every file of the default (medium) model', () => {
    const medium = builtIn('medium');
    expect(medium.files.map((file) => file.path)).toEqual([
      'config.json',
      'generation_config.json',
      'tokenizer.json',
      'tokenizer_config.json',
      ...requiredOnnxFiles(medium.layout, medium.precision),
    ]);
    for (const file of medium.files) {
      expect(file.sha256, file.path).toMatch(SHA256);
      expect(file.size, file.path).toBeGreaterThan(0);
    }
    // What the models screen announces before the user agrees to the download: ~912 MB.
    expect(medium.files.reduce((sum, file) => sum + (file.size ?? 0), 0)).toBe(911_959_084);
  });

  it('an override keeps none of the built-in hashes, which belong to the built-in weights', () => {
    const [, medium] = catalogFromEnvironment({ MEDIUM_MODEL: 'someone/nllb-export@0123abc' });
    expect(medium?.repo).toBe('someone/nllb-export');
    expect(medium?.revision).toBe('0123abc');
    expect(medium?.files.every((file) => file.sha256 === undefined && file.size === undefined)).toBe(true);
    expect(medium?.license).toBe('unknown');
  });

  it("an override fetches generation_config.json and each ONNX file's external data when the hub has them", () => {
    const [, medium] = catalogFromEnvironment({ MEDIUM_MODEL: 'someone/nllb-export@0123abc' });
    const optional = medium?.files.filter((file) => file.optional === true).map((file) => file.path);
    expect(optional).toEqual([
      'generation_config.json',
      'onnx/encoder_model_quantized.onnx_data',
      'onnx/decoder_model_merged_quantized.onnx_data',
    ]);
    // The pinned medium export is known file by file: nothing in it is optional.
    expect(builtIn('medium').files.some((file) => file.optional === true)).toBe(false);
  });

  it('premium is unpinned: no repository that may not exist, nothing to download', () => {
    const premium = builtIn('premium');
    expect(premium.source).toBe('unpinned');
    expect(premium.repo).toBe('');
    expect(premium.files).toEqual([]);
  });

  it('an override names its export layout: onnx/ or the root, merged, split or without past', () => {
    const [, , premium] = catalogFromEnvironment({
      PREMIUM_MODEL: 'someone/nllb-1.3b-onnx@0123abc#root/no-past',
    });
    expect(premium).toMatchObject({ source: 'hub', repo: 'someone/nllb-1.3b-onnx', revision: '0123abc' });
    expect(premium).toMatchObject({ folder: 'root', layout: 'no-past' });
    expect(premium?.files.filter((file) => file.optional !== true).map((file) => file.path)).toEqual([
      'config.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'encoder_model_quantized.onnx',
      'decoder_model_quantized.onnx',
    ]);
    const [, split] = catalogFromEnvironment({ MEDIUM_MODEL: 'someone/export#onnx/split' });
    expect(split?.files.map((file) => file.path)).toContain('onnx/decoder_with_past_model_quantized.onnx');
    expect(() => catalogFromEnvironment({ PREMIUM_MODEL: 'someone/export#flat/merged' })).toThrow(/layout/);
  });

  it('t5-small: the two quantized ONNX files are held to their known sum at the pinned commit', () => {
    expect(builtIn('basic').totalSize).toEqual({
      files: ['onnx/encoder_model_quantized.onnx', 'onnx/decoder_model_merged_quantized.onnx'],
      bytes: 78_071_426,
    });
  });
});
