import fs from 'node:fs';
import path from 'node:path';

const OWNER_ONLY_DIR = 0o700;
const OWNER_ONLY_FILE = 0o600;

export interface PermissionRepair {
  path: string;
  from: number;
  to: number;
}

/**
 * The data folder holds the database (every message and password hash) and the signing secret: it and
 * everything in it belong to the owner alone. Creates it owner-only, and tightens anything found loose
 * at start (a folder copied in, a file from an older version); returns what was repaired so the caller
 * can warn. Symbolic links are left alone. Windows has no such modes: the user profile's ACLs apply.
 */
export function secureDataDir(dataDir: string): PermissionRepair[] {
  fs.mkdirSync(dataDir, { recursive: true, mode: OWNER_ONLY_DIR });
  if (process.platform === 'win32') return [];
  const repaired: PermissionRepair[] = [];
  const tighten = (target: string, wanted: number) => {
    const mode = fs.lstatSync(target).mode & 0o777;
    if ((mode & 0o077) === 0) return;
    fs.chmodSync(target, wanted);
    repaired.push({ path: target, from: mode, to: wanted });
  };
  const walk = (dir: string) => {
    tighten(dir, OWNER_ONLY_DIR);
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const target = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(target);
      else if (entry.isFile()) tighten(target, OWNER_ONLY_FILE);
    }
  };
  walk(dataDir);
  return repaired;
}

export function describeRepair(repair: PermissionRepair): string {
  const octal = (mode: number) => `0${mode.toString(8)}`;
  const secret = path.basename(repair.path) === 'secrets.json' ? ' (the signing secret was exposed)' : '';
  return `${repair.path} was ${octal(repair.from)}, readable by other users; set to ${octal(repair.to)}${secret}`;
}
