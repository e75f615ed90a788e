import { join } from 'node:path';
import { pathExists as exists } from './path-exists.ts';

/**
 * How an export's decoder is split:
 * `merged`: decoder_model_merged (use_cache_branch); `split`: decoder_model + decoder_with_past_model;
 * `no-past`: decoder_model alone, as community exports without a cache have it: every step recomputes the whole
 * prefix (slower, growing with the output), and the engine reads the logits of its last position.
 */
export type DecoderLayout = 'merged' | 'split' | 'no-past';
export type Precision = 'fp32' | 'quantized';
/** Where the ONNX files sit: `onnx/` (Optimum and transformers.js exports) or the repository root (many community ones). */
export type OnnxFolder = 'onnx' | 'root';

export const DECODER_LAYOUTS: readonly DecoderLayout[] = ['merged', 'split', 'no-past'];
export const ONNX_FOLDERS: readonly OnnxFolder[] = ['onnx', 'root'];

/** One export layout: the folder and the decoder split; with the precision it names every ONNX file. */
export interface ExportLayout {
  folder: OnnxFolder;
  decoder: DecoderLayout;
}

export const DEFAULT_EXPORT_LAYOUT: ExportLayout = { folder: 'onnx', decoder: 'merged' };

const DECODER_FILES: Readonly<Record<DecoderLayout, readonly string[]>> = {
  merged: ['decoder_model_merged'],
  split: ['decoder_model', 'decoder_with_past_model'],
  'no-past': ['decoder_model'],
};

export function onnxFileName(base: string, precision: Precision, folder: OnnxFolder = 'onnx'): string {
  const name = `${base}${precision === 'quantized' ? '_quantized' : ''}.onnx`;
  return folder === 'onnx' ? `onnx/${name}` : name;
}

/** The ONNX files a layout and precision need; used by the catalog, the downloader and the importer too. */
export function requiredOnnxFiles(
  layout: DecoderLayout,
  precision: Precision,
  folder: OnnxFolder = 'onnx',
): string[] {
  return ['encoder_model', ...DECODER_FILES[layout]].map((base) => onnxFileName(base, precision, folder));
}

/** "root/no-past", as the override suffix and the import command spell a layout. */
export function parseExportLayout(text: string): ExportLayout | null {
  const [folder, decoder] = text.split('/');
  if (!ONNX_FOLDERS.includes(folder as OnnxFolder) || !DECODER_LAYOUTS.includes(decoder as DecoderLayout))
    return null;
  return { folder: folder as OnnxFolder, decoder: decoder as DecoderLayout };
}

export function formatExportLayout(layout: ExportLayout): string {
  return `${layout.folder}/${layout.decoder}`;
}

/**
 * The layout a folder holds at this precision, judged by its files: the encoder's folder, then the richest decoder
 * present (merged, then split, then without past). Null when there is no encoder at all.
 */
export async function detectExportLayout(
  modelDir: string,
  precision: Precision,
): Promise<ExportLayout | null> {
  for (const folder of ONNX_FOLDERS) {
    const has = (base: string) => exists(join(modelDir, onnxFileName(base, precision, folder)));
    if (!(await has('encoder_model'))) continue;
    for (const decoder of DECODER_LAYOUTS) {
      if ((await Promise.all(DECODER_FILES[decoder].map(has))).every(Boolean)) return { folder, decoder };
    }
    return { folder, decoder: 'no-past' };
  }
  return null;
}
