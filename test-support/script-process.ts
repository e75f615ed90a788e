import { spawn, type ChildProcess } from 'node:child_process';
import { REPO_ROOT } from './built-app.ts';

export interface ScriptProcess {
  child: ChildProcess;
  /** Its first line of output, or all it wrote (errors included) when it ends before one. */
  said: Promise<string>;
}

/**
 * A real Node process running `code`, an ES module in TypeScript (through tsx) whose relative imports
 * start at the repository's root; `args` are its `process.argv.slice(1)`. For tests of what holds
 * between processes (locks, migrations). The test kills it when done.
 */
export function runScript(
  code: string,
  args: string[] = [],
  options: { launcher?: string[] } = {},
): ScriptProcess {
  const node = [process.execPath, '--import', 'tsx', '--input-type=module', '-e', code, ...args];
  // A launcher (such as `unshare --net`) runs the node command line in the place it sets up.
  const [command = '', ...commandArgs] = [...(options.launcher ?? []), ...node];
  const child = spawn(command, commandArgs, { cwd: REPO_ROOT });
  const said = new Promise<string>((resolve) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', () => {
      resolve(out.trim());
    });
  });
  return { child, said };
}

/** Resolves once the process has ended (at once if it already has). */
export const gone = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) =>
        child.once('exit', () => {
          resolve();
        }),
      );
