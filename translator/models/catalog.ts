import { MODEL_TIERS, type ModelSource, type ModelTier } from '../../contract/translations.ts';
import {
  DEFAULT_EXPORT_LAYOUT,
  formatExportLayout,
  parseExportLayout,
  requiredOnnxFiles,
  type DecoderLayout,
  type ExportLayout,
  type OnnxFolder,
  type Precision,
} from '../engine/export-layout.ts';
import type { ModelFamily } from '../engine/model-config.ts';

export interface CatalogFile {
  path: string;
  /** Bytes, where known; checked before the file is accepted. */
  size?: number;
  /** Hex sha256, where known; otherwise the hub's LFS etag (X-Linked-Etag) supplies it at download time. */
  sha256?: string;
  /** Present in some exports only (generation_config.json, `*.onnx_data`): the hub's 404 skips it. */
  optional?: boolean;
}

/** Files whose sizes are not known one by one but whose sum is: checked once they are all downloaded. */
export interface KnownTotalSize {
  files: string[];
  bytes: number;
}

export interface CatalogEntry {
  tier: ModelTier;
  /** `hub`: downloadable; `imported`: installed from a local folder; `unpinned`: no export known, nothing to fetch. */
  source: ModelSource;
  /** Hub repository id, "owner/name"; an imported model's folder name; empty when unpinned. */
  repo: string;
  /** Branch or commit the files are fetched at. */
  revision: string;
  /** Known in advance for the built-in models; read from config.json once an override is downloaded. */
  family?: ModelFamily;
  precision: Precision;
  /** The decoder split of the export (merged, split with past, or without past). */
  layout: DecoderLayout;
  /** Where its ONNX files are: `onnx/` or the repository root. */
  folder: OnnxFolder;
  files: CatalogFile[];
  totalSize?: KnownTotalSize;
  /** Pairs a model knows when it is not a many-to-many NLLB model ("en-fr"). */
  pairs?: string[];
  /** SPDX identifier of the weights' license, or "unknown" for an override. */
  license: string;
  /** The license limits use (NLLB is CC-BY-NC-4.0, non-commercial): the user is asked before downloading. */
  licenseRestricted: boolean;
}

const JSON_FILES = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json'];
/** transformers.js reads generation_config.json when it is there; many exports have none. */
const OPTIONAL_JSON_FILES = new Set(['generation_config.json']);

/**
 * The files of an export. Where the catalog records a file it is required; otherwise generation_config.json and
 * each ONNX file's external data (`<file>.onnx_data`, which exports over 2 GB and many fp32 ones have) are
 * fetched when the hub has them.
 */
export function filesFor(
  layout: ExportLayout,
  precision: Precision,
  known: Record<string, Omit<CatalogFile, 'path'>> = {},
): CatalogFile[] {
  const onnx = requiredOnnxFiles(layout.decoder, precision, layout.folder);
  const optional = (path: string) => (known[path] === undefined ? { optional: true } : {});
  return [
    ...JSON_FILES.map((path) => ({
      path,
      ...known[path],
      ...(OPTIONAL_JSON_FILES.has(path) ? optional(path) : {}),
    })),
    ...onnx.map((path) => ({ path, ...known[path] })),
    ...onnx
      .filter((path) => known[path] === undefined)
      .map((path) => ({ path: `${path}_data`, optional: true })),
  ];
}

/**
 * The built-in tiers (Meeshy's: basic = t5-small, medium = NLLB-200 distilled 600M, premium = NLLB-200 distilled
 * 1.3B), as ONNX exports on the hub, 8-bit quantized: on a CPU the q8 files are 4x smaller than fp32 and faster.
 *
 * Pinning: an entry names a commit, so what it downloads cannot change under it. A commit fixes every file's
 * content (the git blob id of a small file, the sha256 and size of an LFS one), and the downloader checks each file
 * against what the hub announces for that commit. Where the sizes and sha256 are recorded here as well, they are
 * checked first, so a compromised mirror (HF_ENDPOINT) cannot substitute files either.
 *
 * Sources (the hub itself is out of reach of the project's machines): the medium commit and its six files' sizes and
 * sha256 were read from several independent public projects that pin this export and agree byte for byte, and the
 * two large files from shared/reference/translation-anchors.md §B1; the basic commit from a public model catalog
 * that pins the transformers.js exports. The t5-small files' sizes and sha256 were published nowhere that could be
 * read, so they come from the hub's answer for the pinned commit. Premium: no public ONNX export of
 * NLLB-200-distilled-1.3B could be confirmed; the entry names the repository an export in the Xenova layout would
 * have, tracks its `main`, and PREMIUM_MODEL=owner/name@<commit> points the tier at any other.
 */
export function builtInCatalog(): CatalogEntry[] {
  return [
    {
      tier: 'basic',
      license: 'Apache-2.0',
      licenseRestricted: false,
      repo: 'Xenova/t5-small',
      revision: '4e0d91096b13cb313b43a14f35fdbb311a6d9728',
      family: 't5',
      precision: 'quantized',
      ...hubExport(DEFAULT_EXPORT_LAYOUT),
      files: filesFor(DEFAULT_EXPORT_LAYOUT, 'quantized'),
      totalSize: { files: requiredOnnxFiles('merged', 'quantized'), bytes: T5_SMALL_ONNX_BYTES },
      // t5-small was trained on English to German, French and Romanian only.
      pairs: ['en-de', 'en-fr', 'en-ro'],
    },
    {
      tier: 'medium',
      license: 'CC-BY-NC-4.0',
      licenseRestricted: true,
      repo: 'Xenova/nllb-200-distilled-600M',
      revision: '261c31d1a5732c67cdd16d80e8d6088507c7ccea',
      family: 'nllb',
      precision: 'quantized',
      ...hubExport(DEFAULT_EXPORT_LAYOUT),
      files: filesFor(DEFAULT_EXPORT_LAYOUT, 'quantized', {
        'config.json': {
          size: 873,
          sha256: '52f035acb54ac80e5ef7fe78d6967f8ddf8e8799f078d1a92a2c8168d8ff4a20',
        },
        'generation_config.json': {
          size: 189,
          sha256: '1ce846259ae04c572ae1863e358534bbc376ff3d3f100b1494feda6200b51de8',
        },
        'tokenizer.json': {
          size: 17_331_224,
          sha256: '8ac789ad7dabea44d41537822d48c516ba358374c51813e2cba78c006e150c94',
        },
        'tokenizer_config.json': {
          size: 544,
          sha256: 'ddf411c9f790d081e72de76bb8e8b714d74e160e61bc10c9bd8f56022dcd7fd7',
        },
        'onnx/encoder_model_quantized.onnx': {
          size: 419_120_483,
          sha256: '5cde664eacba07a62f198857ec6c06e09572b1ebb77c8137f1fa99ac604a3a28',
        },
        'onnx/decoder_model_merged_quantized.onnx': {
          size: 475_505_771,
          sha256: 'dd66608c2a4194e78f95548fa0e64f24302303698c5b09fa8e1f9e16ec00676b',
        },
      }),
    },
    {
      tier: 'premium',
      source: 'unpinned',
      license: 'CC-BY-NC-4.0',
      licenseRestricted: true,
      repo: '',
      revision: '',
      family: 'nllb',
      precision: 'quantized',
      // Nothing is fetched for an unpinned tier; these say what an export in the Xenova layout would be.
      layout: 'merged',
      folder: 'onnx',
      files: [],
    },
  ];
}

/** encoder_model_quantized.onnx + decoder_model_merged_quantized.onnx of Xenova/t5-small at the pinned commit. */
export const T5_SMALL_ONNX_BYTES = 78_071_426;

function hubExport(layout: ExportLayout): Pick<CatalogEntry, 'source' | 'layout' | 'folder'> {
  return { source: 'hub', layout: layout.decoder, folder: layout.folder };
}

export function exportLayoutOf(entry: Pick<CatalogEntry, 'layout' | 'folder'>): ExportLayout {
  return { folder: entry.folder, decoder: entry.layout };
}

const OVERRIDE_VARIABLES: Readonly<Record<ModelTier, string>> = {
  basic: 'BASIC_MODEL',
  medium: 'MEDIUM_MODEL',
  premium: 'PREMIUM_MODEL',
};

/**
 * Applies BASIC_MODEL / MEDIUM_MODEL / PREMIUM_MODEL ("owner/name", "owner/name@revision", and optionally the export
 * layout after a `#`: "owner/name@commit#root/no-past" for an encoder and a decoder without past at the repository
 * root; `onnx/merged` when not given). An overridden tier keeps the precision but forgets the built-in family,
 * pairs, sizes and hashes, which belong to the built-in model.
 */
export function catalogFromEnvironment(
  environment: Readonly<Record<string, string | undefined>>,
): CatalogEntry[] {
  return builtInCatalog().map((entry) => {
    const override = environment[OVERRIDE_VARIABLES[entry.tier]]?.trim();
    if (override === undefined || override === '') return entry;
    const [reference = '', layoutText] = override.split('#');
    const [repo = '', revision = 'main'] = reference.split('@');
    if (!/^[\w.-]+\/[\w.-]+$/.test(repo)) {
      throw new Error(
        `${OVERRIDE_VARIABLES[entry.tier]}="${override}" is not a hub repository id (owner/name)`,
      );
    }
    const layout = layoutText === undefined ? DEFAULT_EXPORT_LAYOUT : parseExportLayout(layoutText);
    if (layout === null) {
      throw new Error(
        `${OVERRIDE_VARIABLES[entry.tier]}="${override}": the layout after # is <onnx|root>/<merged|split|no-past>`,
      );
    }
    return {
      tier: entry.tier,
      ...hubExport(layout),
      repo,
      revision,
      precision: entry.precision,
      files: filesFor(layout, entry.precision),
      // Nothing is known about another repository's weights: the user reads its model card and decides.
      license: 'unknown',
      licenseRestricted: true,
    };
  });
}

export function tierRank(tier: ModelTier): number {
  return MODEL_TIERS.indexOf(tier);
}

/** "owner/name@revision (root/no-past)": how the CLI and errors name an export. */
export function describeExport(entry: CatalogEntry): string {
  return `${entry.repo}@${entry.revision} (${formatExportLayout(exportLayoutOf(entry))})`;
}
