import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachedLexiconFixture } from '../tools/fixtures/fixture-cache.ts';
import { parseLexiconText } from '../tools/fixtures/lexicon.ts';
import { startHubServer, type RunningHub } from '../tools/hub/hub-server.ts';
import { builtInCatalog, type CatalogEntry } from '../translator/models/catalog.ts';
import { requiredOnnxFiles } from '../translator/engine/export-layout.ts';

export const NLLB_REPO = 'fixtures/nllb-lexicon';
export const T5_REPO = 'fixtures/t5-lexicon';

const JSON_FILES = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json'];

/** A local hub holding an NLLB lexicon model (en↔fr, en↔es) and a T5 one that only knows en→fr. */
export async function startFixtureHub(): Promise<{
  hub: RunningHub;
  root: string;
  dispose(): Promise<void>;
}> {
  const root = await mkdtemp(join(tmpdir(), 'meeshy-hub-'));
  await mkdir(join(root, 'fixtures'), { recursive: true });
  await cp(await cachedLexiconFixture({ family: 'nllb' }), join(root, NLLB_REPO), { recursive: true });
  const englishFrench = parseLexiconText(
    'en',
    'fr',
    'the\tle\ncat\tchat\ndrinks\tboit\nwater\teau\nhello\tbonjour\n',
  );
  await cp(await cachedLexiconFixture({ family: 't5', lexicons: [englishFrench] }), join(root, T5_REPO), {
    recursive: true,
  });
  const hub = await startHubServer({ root });
  return {
    hub,
    root,
    dispose: async () => {
      await hub.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** The built-in catalog with basic → the T5 fixture (split decoder) and medium → the NLLB fixture (merged). */
export function fixtureCatalog(): CatalogEntry[] {
  const files = (layout: 'merged' | 'split') =>
    [...JSON_FILES, ...requiredOnnxFiles(layout, 'quantized')].map((path) => ({ path }));
  return builtInCatalog().map((entry) => {
    if (entry.tier === 'basic') {
      // The fixture is not t5-small: the real pair's known total size does not apply to it.
      const { totalSize: _realPairSize, ...basic } = entry;
      return {
        ...basic,
        repo: T5_REPO,
        revision: 'main',
        layout: 'split',
        files: files('split'),
        pairs: ['en-fr'],
      };
    }
    if (entry.tier === 'medium')
      return { ...entry, repo: NLLB_REPO, revision: 'main', files: files('merged') };
    // Premium stays the built-in entry: unpinned, nothing to download.
    return entry;
  });
}
