import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cachedLexiconFixture } from '../../tools/fixtures/fixture-cache.ts';
import { pathExists } from './path-exists.ts';
import {
  readTokenizerCache,
  TOKENIZER_CACHE_FILE,
  tokenizerCacheKey,
  writeTokenizerCache,
} from './tokenizer-cache.ts';
import { TextTokenizer } from './tokenizer.ts';

const folders: string[] = [];

afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

/** A private copy of a fixture's tokenizer files, so each test starts with no cache beside them. */
async function tokenizerFolder(family: 'nllb' | 't5'): Promise<string> {
  const fixture = await cachedLexiconFixture({ family });
  const folder = await mkdtemp(join(tmpdir(), 'meeshy-tokenizer-cache-'));
  folders.push(folder);
  for (const file of ['tokenizer.json', 'tokenizer_config.json'])
    await copyFile(join(fixture, file), join(folder, file));
  return folder;
}

const TEXTS = [
  'the cat drinks water',
  'hello my friend, good morning!',
  'Unknown Words stay.',
  'di\u0301a pequen\u0303o si\u0301 ｔｈｅ ｃａｔ ﬁne…',
  '漢字 el gato 🙂\u0007!  two  spaces\tand a tab',
  'fra_Latn eng_Latn </s> <unk> inline special tokens',
  '',
];

/** Everything the engine asks of a tokenizer, for one loaded instance. */
function behaviour(tokenizer: TextTokenizer) {
  const ids = TEXTS.map((text) => tokenizer.encode(text));
  const vocabulary = tokenizer.tokensMatching(/.*/);
  return {
    ids,
    decoded: ids.filter((row) => row.length > 0).map((row) => tokenizer.decode(row)),
    eachToken: vocabulary.map((_, id) => tokenizer.decode([id])),
    idOf: vocabulary.map((token) => tokenizer.idOf(token)),
    vocabulary,
    missing: tokenizer.idOf('not-a-token'),
  };
}

describe('tokenizer cache', () => {
  it('is written by the first load of a BPE tokenizer, and the next load reads it and tokenizes the same', async () => {
    const folder = await tokenizerFolder('nllb');
    const built = await TextTokenizer.load(folder);
    expect(built.builtFrom).toBe('tokenizer.json');
    expect(await pathExists(join(folder, TOKENIZER_CACHE_FILE))).toBe(true);
    const cached = await TextTokenizer.load(folder);
    expect(cached.builtFrom).toBe('cache');
    const expected = behaviour(built);
    expect(expected.ids.flat().length).toBeGreaterThan(20);
    expect(behaviour(cached)).toEqual(expected);
  });

  it('is not used once tokenizer.json changed, and is written again for the new one', async () => {
    const folder = await tokenizerFolder('nllb');
    const original = behaviour(await TextTokenizer.load(folder));
    const path = join(folder, 'tokenizer.json');
    const json = JSON.parse(await readFile(path, 'utf8')) as { model: { vocab: Record<string, number> } };
    // One piece renamed: the same text now tokenizes differently, which a stale cache would hide.
    const { '▁cat': id, ...others } = json.model.vocab;
    expect(id).toBeDefined();
    json.model.vocab = { ...others, '▁kat': id ?? 0 };
    await writeFile(path, JSON.stringify(json));
    const rebuilt = await TextTokenizer.load(folder);
    expect(rebuilt.builtFrom).toBe('tokenizer.json');
    expect(rebuilt.encode('the cat')).not.toEqual(original.ids[0]?.slice(0, 2));
    const again = await TextTokenizer.load(folder);
    expect(again.builtFrom).toBe('cache');
    expect(behaviour(again)).toEqual(behaviour(rebuilt));
  });

  it('is ignored when damaged: the tokenizer is built from tokenizer.json and the cache replaced', async () => {
    const folder = await tokenizerFolder('nllb');
    const expected = behaviour(await TextTokenizer.load(folder));
    const path = join(folder, TOKENIZER_CACHE_FILE);
    const bytes = await readFile(path);
    for (const damaged of [
      bytes.subarray(0, bytes.length - 3),
      Buffer.concat([bytes.subarray(0, -1), Buffer.from('x')]),
      Buffer.from('not a cache'),
    ]) {
      await writeFile(path, damaged);
      const loaded = await TextTokenizer.load(folder);
      expect(loaded.builtFrom).toBe('tokenizer.json');
      expect(behaviour(loaded)).toEqual(expected);
      expect((await TextTokenizer.load(folder)).builtFrom).toBe('cache');
    }
  });

  it('is not written for a tokenizer that is not BPE (Unigram: T5, Marian)', async () => {
    const folder = await tokenizerFolder('t5');
    expect((await TextTokenizer.load(folder)).builtFrom).toBe('tokenizer.json');
    expect(await pathExists(join(folder, TOKENIZER_CACHE_FILE))).toBe(false);
  });

  it('keeps tokens that contain line breaks and NUL characters whole', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'meeshy-tokenizer-cache-'));
    folders.push(folder);
    const key = tokenizerCacheKey(Buffer.from('{}'), 'library');
    const tables = {
      vocab: ['<unk>', 'a\nb', 'c\u0000d', '', '▁w'],
      rankKeys: ['["a","\\n"]', '["▁","w"]'],
      unkTokenId: 0,
    };
    await writeTokenizerCache(folder, key, { model: {} }, tables);
    expect(await readTokenizerCache(folder, key)).toEqual({ skeleton: { model: {} }, tables });
    expect(await readTokenizerCache(folder, tokenizerCacheKey(Buffer.from('{ }'), 'library'))).toBeNull();
    expect(await readTokenizerCache(folder, tokenizerCacheKey(Buffer.from('{}'), 'library 2'))).toBeNull();
  });
});
