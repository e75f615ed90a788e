import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import { resolveConfig } from '../config.ts';
import { MODEL_TIERS } from '../../contract/translations.ts';
import { describeExport } from './catalog.ts';
import { importModel, removeImport, withImportedModels } from './model-import.ts';
import { ModelStore } from './model-store.ts';

/**
 * `npm run models -- list | download <tier> | import <tier> <folder> | verify | remove <tier>
 *  [--data-dir <dir>] [--offline]`
 */
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { 'data-dir': { type: 'string' }, offline: { type: 'boolean' } },
  strict: true,
});
const [command, tierArgument, folderArgument] = positionals;
const config = resolveConfig(
  [
    ...(values['data-dir'] === undefined ? [] : ['--data-dir', values['data-dir']]),
    ...(values.offline === true ? ['--offline'] : []),
  ],
  process.env,
);
// What it downloads or imports into the data folder is the owner's alone, as with the translator.
process.umask(0o077);
const store = new ModelStore({
  modelsDir: config.modelsDir,
  hubEndpoint: config.hubEndpoint,
  offline: config.offline,
  ...(config.hubToken === undefined ? {} : { hubToken: config.hubToken }),
});

const catalog = await withImportedModels(config.catalog, store);

function entryFor(tier: string | undefined) {
  const entry = catalog.find((candidate) => candidate.tier === tier);
  if (entry === undefined) {
    console.error(`expected a tier: ${MODEL_TIERS.join(', ')}`);
    process.exit(2);
  }
  return entry;
}

/** A commit is shown by its first 12 digits, as git and the hub do. */
function shortRevision(revision: string): string {
  return /^[0-9a-f]{40}$/.test(revision) ? revision.slice(0, 12) : revision;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

switch (command) {
  case 'list': {
    for (const entry of catalog) {
      if (entry.source === 'unpinned') {
        console.log(
          `${entry.tier.padEnd(8)} ${'(no export pinned)'.padEnd(45)} set ${entry.tier.toUpperCase()}_MODEL=owner/name@commit or run: npm run models -- import ${entry.tier} <folder>`,
        );
        continue;
      }
      const downloaded = await store.isDownloaded(entry);
      const size = entry.files.every((file) => file.size !== undefined)
        ? megabytes(entry.files.reduce((sum, file) => sum + (file.size ?? 0), 0))
        : 'size unknown';
      const name =
        entry.source === 'imported'
          ? `${entry.repo} (imported, ${entry.folder}/${entry.layout})`
          : describeExport({ ...entry, revision: shortRevision(entry.revision) });
      const state = entry.source === 'imported' ? 'installed' : downloaded ? 'downloaded' : 'not downloaded';
      console.log(`${entry.tier.padEnd(8)} ${name.padEnd(45)} ${state.padEnd(15)} ${size}`);
    }
    break;
  }
  case 'import': {
    const entry = entryFor(tierArgument);
    if (folderArgument === undefined) {
      console.error('usage: npm run models -- import <tier> <folder>');
      process.exit(2);
    }
    try {
      const imported = await importModel(store, entry.tier, folderArgument);
      console.log(
        `${imported.tier}: imported ${imported.repo} (${imported.family ?? 'unknown family'}, ${imported.precision}, ${imported.folder}/${imported.layout}) into ${store.directoryOf(imported)}; the translator uses it from its next start`,
      );
    } catch (error) {
      console.error(`import failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    }
    break;
  }
  case 'download': {
    const entry = entryFor(tierArgument);
    const bar = new SingleBar(
      { format: '{file} [{bar}] {percentage}% {value}/{total} bytes', hideCursor: true },
      Presets.shades_classic,
    );
    let currentFile = '';
    try {
      await store.download(entry, (progress) => {
        if (progress.file !== currentFile) {
          if (currentFile !== '') bar.stop();
          currentFile = progress.file;
          bar.start(progress.fileTotal ?? 0, 0, { file: progress.file });
        }
        bar.update(progress.fileBytes, { file: progress.file });
      });
      if (currentFile !== '') bar.stop();
      console.log(`${entry.tier}: ${entry.repo} is downloaded and verified in ${store.directoryOf(entry)}`);
    } catch (error) {
      if (currentFile !== '') bar.stop();
      console.error(`download failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    }
    break;
  }
  case 'verify': {
    for (const entry of catalog) {
      if (!(await store.isDownloaded(entry))) {
        console.log(`${entry.tier}: not downloaded`);
        continue;
      }
      const report = await store.verify(entry);
      console.log(`${entry.tier}: ${report.ok ? 'ok' : `BROKEN\n  ${report.problems.join('\n  ')}`}`);
      if (!report.ok) process.exitCode = 1;
    }
    break;
  }
  case 'remove': {
    const entry = entryFor(tierArgument);
    // An imported model is removed first; the tier then falls back to its catalog entry.
    if (entry.source === 'imported') await removeImport(store, entry.tier);
    else await store.remove(entry);
    console.log(`${entry.tier}: removed ${store.directoryOf(entry)}`);
    break;
  }
  default:
    console.error(
      'usage: npm run models -- list | download <tier> | import <tier> <folder> | verify | remove <tier> [--data-dir <dir>]',
    );
    process.exitCode = 2;
}
