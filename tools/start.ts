import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The Electron binary the `electron` package installed (its install script writes `path.txt` and unpacks
 * `dist/`), or undefined where it is missing: a machine that cannot download it, or an install that
 * skipped it (ELECTRON_SKIP_BINARY_DOWNLOAD, npm's allowScripts).
 */
export function electronBinary(root: string): string | undefined {
  const packageDir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(packageDir, 'path.txt');
  if (!fs.existsSync(pathFile)) return undefined;
  const binary = path.join(packageDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(binary) ? binary : undefined;
}

export type StartPlan =
  | { kind: 'desktop'; command: string; args: string[] }
  | { kind: 'headless'; notice: string; command: string; args: string[] };

/** What `npm start` opens: the desktop app when Electron's binary is there, else the headless stack. */
export function planStart(root: string, args: readonly string[], binary = electronBinary(root)): StartPlan {
  if (binary !== undefined) return { kind: 'desktop', command: binary, args: [root, ...args] };
  return {
    kind: 'headless',
    notice:
      "Electron's binary is missing (node_modules/electron/dist), so the desktop app cannot open: starting the headless stack instead; open the URL it prints.",
    command: process.execPath,
    args: [path.join(root, 'dist', 'app', 'stack', 'serve.js'), ...args],
  };
}

/**
 * `npm start [-- <stack flags>]`: builds the client and the app code (`npm run build`; skipped with
 * MEESHY_SKIP_BUILD=1, as the tests do after their own build), then opens the desktop app, or the
 * headless stack where Electron cannot run. Ctrl+C reaches the child through the terminal's process group.
 */
function main(): void {
  if (process.env.MEESHY_SKIP_BUILD !== '1') {
    const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  const plan = planStart(ROOT, process.argv.slice(2));
  if (plan.kind === 'headless') process.stdout.write(`${plan.notice}\n`);
  const child = spawn(plan.command, plan.args, { cwd: ROOT, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      child.kill(signal);
    });
  }
  child.on('exit', (code, signal) => {
    if (signal !== null) {
      // Say which signal ended it: a bare 128-and-something says nothing to whoever reads the log.
      process.stderr.write(
        `Meeshy's ${plan.kind === 'desktop' ? 'desktop app' : 'stack'} was ended by ${signal}\n`,
      );
      process.exit(128 + os.constants.signals[signal]);
    }
    process.exit(code ?? 1);
  });
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
