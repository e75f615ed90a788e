import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { translatorProcessEnv } from './translator-env.ts';

/** How to run one child: a program, its arguments before the child's own, and environment to add. */
export interface ChildCommand {
  command: string;
  args: readonly string[];
  env?: NodeJS.ProcessEnv;
}

/** The two programs of the local stack; the stack adds their settings (ports, data folder) after `args`. */
export interface StackCommands {
  server: ChildCommand;
  translator: ChildCommand;
}

/**
 * The server and translator that sit beside a stack module, run with this process's Node: in the sources
 * (`stack/x.ts`) the `.ts` entries through tsx, in a build (`dist/app/stack/x.js`) the compiled `.js`
 * entries with plain Node. The entry point passes its own `import.meta.url`, so what runs is decided by
 * what the entry itself is. Electron's main process passes its own commands instead (its binary as Node).
 */
export function commandsBeside(
  moduleUrl: string,
  node: Omit<ChildCommand, 'args'> = { command: process.execPath },
): StackCommands {
  const modulePath = fileURLToPath(moduleUrl);
  const root = path.join(path.dirname(modulePath), '..');
  const compiled = modulePath.endsWith('.js');
  const entry = (folder: string): ChildCommand => ({
    ...node,
    args: compiled
      ? [path.join(root, folder, 'main.js')]
      : ['--import', 'tsx', path.join(root, folder, 'main.ts')],
  });
  const translator = entry('translator');
  // The translator's malloc asks for huge pages for the model's weights (translator-env.ts).
  return {
    server: entry('server'),
    translator: { ...translator, env: { ...translator.env, ...translatorProcessEnv() } },
  };
}
