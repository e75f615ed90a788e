import { createHash, randomUUID } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A byte-pair-encoding tokenizer of a 256k vocabulary (NLLB's) costs @huggingface/tokenizers about a second of CPU
 * to build from tokenizer.json: parsing 11 MB of JSON, `new Map(Object.entries(vocab))` over 256k keys, and 256k
 * merge ranks keyed by `JSON.stringify([left, right])` (about a third of a model's first translation). The tables
 * it builds are kept here, in the model folder, as two lists of strings: reading them back and building the same
 * maps takes about a tenth of that. The library still builds everything else (normalizer, pre-tokenizer, added
 * tokens, decoder) and runs every encode and decode; only these four fields of its BPE model are filled from here.
 */
export const TOKENIZER_CACHE_FILE = '.meeshy-tokenizer-tables';

/** Bumped whenever what the file holds, or how it is read, changes. */
const FORMAT = 1;

/** The fields of the library's BPE model that the vocabulary and the merges fill (its own names). */
export interface BpeModelTables {
  tokens_to_ids: Map<string, number>;
  vocab: string[];
  bpe_ranks: Map<string, number>;
  unk_token_id: number | undefined;
}

/** What those fields hold, in a form that is quick to write and read back. */
export interface BpeTables {
  /** The token of each id, added tokens included. */
  vocab: string[];
  /** The merge-rank keys (`JSON.stringify([left, right])`), in rank order. */
  rankKeys: string[];
  unkTokenId: number | undefined;
}

interface CacheHeader {
  format: number;
  key: string;
  /** A character no token and no rank key contains, between the strings of the body. */
  separator: string;
  vocabSize: number;
  rankCount: number;
  unkTokenId: number | null;
  bodySha256: string;
  /** tokenizer.json without its vocabulary and merges: everything else the library builds from. */
  skeleton: object;
}

const SEPARATOR_CANDIDATES = ['\n', '\u0000', '\u0001', '\u001f', '\uffff'];

/**
 * The tables of a model the library built, or null when rebuilding the maps from them would not give back exactly
 * the same maps (an id without a token, a token under two ids, a merge listed twice): such a tokenizer is simply
 * built from tokenizer.json every time.
 */
export function tablesOf(model: BpeModelTables): BpeTables | null {
  const { vocab, tokens_to_ids: tokensToIds, bpe_ranks: ranks } = model;
  for (let id = 0; id < vocab.length; id += 1) if (typeof vocab[id] !== 'string') return null;
  if (tokensToIds.size !== vocab.length) return null;
  for (const [token, id] of tokensToIds) if (vocab[id] !== token) return null;
  const rankKeys: string[] = [];
  for (const [key, rank] of ranks) {
    if (rank !== rankKeys.length) return null;
    rankKeys.push(key);
  }
  return { vocab, rankKeys, unkTokenId: model.unk_token_id };
}

/** Fills a model built from the skeleton with the maps the full tokenizer.json would have given it. */
export function adoptTables(model: BpeModelTables, tables: BpeTables): void {
  const tokensToIds = new Map<string, number>();
  tables.vocab.forEach((token, id) => tokensToIds.set(token, id));
  const ranks = new Map<string, number>();
  tables.rankKeys.forEach((key, rank) => ranks.set(key, rank));
  model.tokens_to_ids = tokensToIds;
  model.vocab = tables.vocab;
  model.bpe_ranks = ranks;
  model.unk_token_id = tables.unkTokenId;
}

/**
 * What a cache must have been written from to be used: tokenizer.json's bytes and the library code that built the
 * tables (`library`, the source of the classes involved), so an edited file or an updated library rebuilds it.
 */
export function tokenizerCacheKey(tokenizerJson: Uint8Array, library: string): string {
  return createHash('sha256').update(`${FORMAT}\n${library}\n`).update(tokenizerJson).digest('hex');
}

/** The cached skeleton and tables of the model folder, or null when there are none for this key. */
export async function readTokenizerCache(
  modelDir: string,
  key: string,
): Promise<{ skeleton: object; tables: BpeTables } | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(join(modelDir, TOKENIZER_CACHE_FILE));
  } catch {
    return null;
  }
  const newline = bytes.indexOf(0x0a);
  if (newline < 0) return null;
  let header: CacheHeader;
  try {
    header = JSON.parse(bytes.subarray(0, newline).toString('utf8')) as CacheHeader;
  } catch {
    return null;
  }
  if (header.format !== FORMAT || header.key !== key) return null;
  if (typeof header.separator !== 'string' || header.separator.length !== 1) return null;
  const body = bytes.subarray(newline + 1);
  if (createHash('sha256').update(body).digest('hex') !== header.bodySha256) return null;
  const strings = body.toString('utf8').split(header.separator);
  if (strings.length !== header.vocabSize + header.rankCount) return null;
  return {
    skeleton: header.skeleton,
    tables: {
      vocab: strings.slice(0, header.vocabSize),
      rankKeys: strings.slice(header.vocabSize),
      unkTokenId: header.unkTokenId ?? undefined,
    },
  };
}

/**
 * Writes the cache beside tokenizer.json, whole or not at all (a private file renamed into place), so a
 * concurrent load reads either the previous file or this one. A folder that cannot be written (read-only,
 * full) only means the next load builds the tokenizer again: nothing is reported.
 */
export async function writeTokenizerCache(
  modelDir: string,
  key: string,
  skeleton: object,
  tables: BpeTables,
): Promise<void> {
  const strings = [...tables.vocab, ...tables.rankKeys];
  const separator = SEPARATOR_CANDIDATES.find(
    (candidate) => !strings.some((text) => text.includes(candidate)),
  );
  if (separator === undefined) return;
  const body = Buffer.from(strings.join(separator), 'utf8');
  const header: CacheHeader = {
    format: FORMAT,
    key,
    separator,
    vocabSize: tables.vocab.length,
    rankCount: tables.rankKeys.length,
    unkTokenId: tables.unkTokenId ?? null,
    bodySha256: createHash('sha256').update(body).digest('hex'),
    skeleton,
  };
  const path = join(modelDir, TOKENIZER_CACHE_FILE);
  const staging = `${path}.tmp-${randomUUID()}`;
  try {
    await writeFile(staging, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'), body]));
    await rename(staging, path);
  } catch {
    await rm(staging, { force: true }).catch(() => undefined);
  }
}
