import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';

export type ElectronBinary = { available: true; path: string } | { available: false; reason: string };

/**
 * Whether this machine can run the desktop suite: the `electron` package installed (`npm ls electron`) and
 * its binary present (the package's `require('electron')` names it; it throws when the download never
 * happened, as on the project's machines). The answer is printed by the run when it is no.
 */
export function electronBinary(): ElectronBinary {
  try {
    execFileSync('npm', ['ls', 'electron', '--depth=0'], { stdio: 'ignore' });
  } catch {
    return { available: false, reason: '`npm ls electron` finds no electron package' };
  }
  let binary: unknown;
  try {
    binary = createRequire(import.meta.url)('electron');
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { available: false, reason: `the electron package has no binary (${message})` };
  }
  if (typeof binary !== 'string' || !fs.existsSync(binary)) {
    return { available: false, reason: `the electron binary is missing (${String(binary)})` };
  }
  return { available: true, path: binary };
}
