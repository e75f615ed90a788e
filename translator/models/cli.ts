import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import { resolveConfig } from '../config.ts';
import { MODEL_TIERS } from '../../contract/translations.ts';
import { ModelStore } from './model-store.ts';

/** `npm run models -- list | download <tier> | verify | remove <tier> [--data-dir <dir>] [--offline]` */
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { 'data-dir': { type: 'string' }, offline: { type: 'boolean' } },
  strict: true,
});
const [command, tierArgument] = positionals;
const config = resolveConfig(
  [
    ...(values['data-dir'] === undefined ? [] : ['--data-dir', values['data-dir']]),
    ...(values.offline === true ? ['--offline'] : []),
  ],
  process.env,
);
const store = new ModelStore({
  modelsDir: config.modelsDir,
  hubEndpoint: config.hubEndpoint,
  offline: config.offline,
  ...(config.hubToken === undefined ? {} : { hubToken: config.hubToken }),
});

function entryFor(tier: string | undefined) {
  const entry = config.catalog.find((candidate) => candidate.tier === tier);
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
    for (const entry of config.catalog) {
      const downloaded = await store.isDownloaded(entry);
      const size = entry.files.every((file) => file.size !== undefined)
        ? megabytes(entry.files.reduce((sum, file) => sum + (file.size ?? 0), 0))
        : 'size unknown';
      console.log(
        `${entry.tier.padEnd(8)} ${`${entry.repo}@${shortRevision(entry.revision)}`.padEnd(45)} ${(downloaded ? 'downloaded' : 'not downloaded').padEnd(15)} ${size}`,
      );
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
    for (const entry of config.catalog) {
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
    await store.remove(entry);
    console.log(`${entry.tier}: removed ${store.directoryOf(entry)}`);
    break;
  }
  default:
    console.error(
      'usage: npm run models -- list | download <tier> | verify | remove <tier> [--data-dir <dir>]',
    );
    process.exitCode = 2;
}
