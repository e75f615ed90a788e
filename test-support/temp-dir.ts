import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A new empty folder under the system's temporary folder; the test removes it when done. */
export function makeTempDir(prefix = 'meeshy-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
