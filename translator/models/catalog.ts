import type { ModelFamily } from '../engine/model-config.ts';
import { requiredOnnxFiles, type DecoderLayout, type Precision } from '../engine/seq2seq-sessions.ts';

export const TIERS = ['basic', 'medium', 'premium'] as const;
export type Tier = (typeof TIERS)[number];

export interface CatalogFile {
  path: string;
  /** Bytes, where known; checked before the file is accepted. */
  size?: number;
  /** Hex sha256, where known; otherwise the hub's LFS etag (X-Linked-Etag) supplies it at download time. */
  sha256?: string;
}

export interface CatalogEntry {
  tier: Tier;
  /** Hub repository id, "owner/name". */
  repo: string;
  /** Branch or commit the files are fetched at. */
  revision: string;
  /** Known in advance for the built-in models; read from config.json once an override is downloaded. */
  family?: ModelFamily;
  precision: Precision;
  layout: DecoderLayout;
  files: CatalogFile[];
  /** Pairs a model knows when it is not a many-to-many NLLB model ("en-fr"). */
  pairs?: string[];
  /** SPDX identifier of the weights' license, or "unknown" for an override. */
  license: string;
  /** The license limits use (NLLB is CC-BY-NC-4.0, non-commercial): the user is asked before downloading. */
  licenseRestricted: boolean;
}

const JSON_FILES = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json'];

function filesFor(
  layout: DecoderLayout,
  precision: Precision,
  known: Record<string, Omit<CatalogFile, 'path'>> = {},
) {
  return [...JSON_FILES, ...requiredOnnxFiles(layout, precision)].map((path) => ({ path, ...known[path] }));
}

/**
 * The built-in tiers (Meeshy's: basic = t5-small, medium = NLLB-200 distilled 600M, premium = NLLB-200 distilled
 * 1.3B), as ONNX exports on the hub, 8-bit quantized: on a CPU the q8 files are 4x smaller than fp32 and faster.
 *
 * Sizes and hashes are filled in where they were published (see shared/reference/translation-anchors.md §B1);
 * the others are taken from the hub's LFS etag when the file is fetched, and verified the same way.
 *
 * Revisions: the full commit hashes of these repositories could not be looked up from the project's machines
 * (no access to the hub), so the entries track `main`; the recorded sizes and sha256 make a moved `main` fail
 * loudly at download instead of loading different weights. Pin a commit with `MEDIUM_MODEL=owner/name@<commit>`.
 * Premium: no well-used ONNX export of NLLB-200-distilled-1.3B was found; the entry names the repository an
 * export in the Xenova layout would have, and PREMIUM_MODEL points the tier at any other.
 */
export function builtInCatalog(): CatalogEntry[] {
  return [
    {
      tier: 'basic',
      license: 'Apache-2.0',
      licenseRestricted: false,
      repo: 'Xenova/t5-small',
      revision: 'main',
      family: 't5',
      precision: 'quantized',
      layout: 'merged',
      files: filesFor('merged', 'quantized'),
      // t5-small was trained on English to German, French and Romanian only.
      pairs: ['en-de', 'en-fr', 'en-ro'],
    },
    {
      tier: 'medium',
      license: 'CC-BY-NC-4.0',
      licenseRestricted: true,
      repo: 'Xenova/nllb-200-distilled-600M',
      revision: 'main',
      family: 'nllb',
      precision: 'quantized',
      layout: 'merged',
      files: filesFor('merged', 'quantized', {
        'onnx/encoder_model_quantized.onnx': {
          size: 419_120_483,
          sha256: '5cde664eacba07a62f198857ec6c06e09572b1ebb77c8137f1fa99ac604a3a28',
        },
        'onnx/decoder_model_merged_quantized.onnx': { size: 475_505_771 },
      }),
    },
    {
      tier: 'premium',
      license: 'CC-BY-NC-4.0',
      licenseRestricted: true,
      repo: 'Xenova/nllb-200-distilled-1.3B',
      revision: 'main',
      family: 'nllb',
      precision: 'quantized',
      layout: 'merged',
      files: filesFor('merged', 'quantized'),
    },
  ];
}

const OVERRIDE_VARIABLES: Readonly<Record<Tier, string>> = {
  basic: 'BASIC_MODEL',
  medium: 'MEDIUM_MODEL',
  premium: 'PREMIUM_MODEL',
};

/**
 * Applies BASIC_MODEL / MEDIUM_MODEL / PREMIUM_MODEL ("owner/name" or "owner/name@revision"). An overridden tier
 * keeps the layout and precision but forgets the built-in family, pairs, sizes and hashes, which belong to the
 * built-in model.
 */
export function catalogFromEnvironment(
  environment: Readonly<Record<string, string | undefined>>,
): CatalogEntry[] {
  return builtInCatalog().map((entry) => {
    const override = environment[OVERRIDE_VARIABLES[entry.tier]]?.trim();
    if (override === undefined || override === '') return entry;
    const [repo = '', revision = 'main'] = override.split('@');
    if (!/^[\w.-]+\/[\w.-]+$/.test(repo)) {
      throw new Error(
        `${OVERRIDE_VARIABLES[entry.tier]}="${override}" is not a hub repository id (owner/name)`,
      );
    }
    return {
      tier: entry.tier,
      repo,
      revision,
      precision: entry.precision,
      layout: entry.layout,
      files: filesFor(entry.layout, entry.precision),
      // Nothing is known about another repository's weights: the user reads its model card and decides.
      license: 'unknown',
      licenseRestricted: true,
    };
  });
}

export function tierRank(tier: Tier): number {
  return TIERS.indexOf(tier);
}
