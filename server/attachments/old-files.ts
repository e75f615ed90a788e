import fs from 'node:fs';
import path from 'node:path';

/**
 * The files `depth` levels below `root` (1: its own files) whose names `named` accepts and whose inode last
 * changed before `before`. Only files with a matching name are looked at, so a folder of many stored files
 * costs a listing, not a stat of each. The change time, not the modification time: a rename sets it, and a
 * renamed file keeps its old mtime. A missing folder has none; a file removed while the walk runs is left out.
 */
export async function filesChangedBefore(
  root: string,
  depth: number,
  named: (name: string) => boolean,
  before: Date,
): Promise<string[]> {
  let entries: fs.Dirent[];
  try {
    entries = await fs.promises.readdir(root, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const found: string[] = [];
  for (const entry of entries) {
    const entryPath = path.join(root, entry.name);
    if (depth > 1 && entry.isDirectory()) {
      found.push(...(await filesChangedBefore(entryPath, depth - 1, named, before)));
    } else if (depth === 1 && entry.isFile() && named(entry.name)) {
      const changed = await fs.promises.stat(entryPath).then(
        (stats) => stats.ctime,
        () => undefined,
      );
      if (changed !== undefined && changed < before) found.push(entryPath);
    }
  }
  return found;
}
