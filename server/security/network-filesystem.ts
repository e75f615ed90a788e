import fs from 'node:fs';
import path from 'node:path';

/**
 * Filesystem types (as /proc/self/mountinfo names them) that live on another machine. SQLite's WAL mode
 * needs shared memory and locks that only work between processes of one host, and these filesystems'
 * locking and fsync are unreliable besides: SQLite lists them first among the ways to corrupt a database.
 */
const NETWORK_FILESYSTEMS = new Set([
  'nfs',
  'nfs4',
  'cifs',
  'smb3',
  'smbfs',
  'ncpfs',
  'afs',
  'ceph',
  'glusterfs',
  'lustre',
  'gpfs',
  'davfs',
  '9p',
  'fuse.sshfs',
  'fuse.glusterfs',
  'fuse.s3fs',
  'fuse.rclone',
  'fuse.davfs',
]);

export class NetworkFilesystemError extends Error {}

/** mountinfo escapes spaces, tabs, newlines and backslashes in paths as octal (`\040`). */
function unescapeMountPath(text: string): string {
  return text.replace(/\\([0-7]{3})/g, (_match, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/** The filesystem type of the mount holding `folder` (an absolute, resolved path), from mountinfo text. */
export function filesystemTypeOf(folder: string, mountinfo: string): string | undefined {
  let best: { mountPoint: string; type: string } | undefined;
  for (const line of mountinfo.split('\n')) {
    const [before, after] = line.split(' - ');
    if (before === undefined || after === undefined) continue;
    const mountPoint = unescapeMountPath(before.split(' ')[4] ?? '');
    const type = after.split(' ')[0] ?? '';
    const inside =
      folder === mountPoint || folder.startsWith(mountPoint.endsWith('/') ? mountPoint : `${mountPoint}/`);
    // Later lines mount over earlier ones at the same point, so ties go to the later line.
    if (inside && (best === undefined || mountPoint.length >= best.mountPoint.length))
      best = { mountPoint, type };
  }
  return best?.type;
}

/**
 * Why `folder` is on a network filesystem, or undefined when it is not (or the platform cannot tell).
 * - Linux: the filesystem type of its mount, from /proc/self/mountinfo (which also names FUSE
 *   filesystems such as sshfs, unlike statfs's f_type).
 * - Windows: a UNC path (`\\server\share\…`). A network share mapped to a drive letter is not detected.
 * - macOS and others: not detected (statfs's f_fstypename is not exposed by Node).
 */
export function networkFilesystemOf(
  folder: string,
  platform: NodeJS.Platform = process.platform,
  readMountinfo: () => string = () => fs.readFileSync('/proc/self/mountinfo', 'utf8'),
): string | undefined {
  if (platform === 'win32') {
    return /^(\\\\|\/\/)(?![?.][\\/])/.test(folder) ? 'a network share (UNC path)' : undefined;
  }
  if (platform !== 'linux') return undefined;
  let mountinfo: string;
  try {
    mountinfo = readMountinfo();
  } catch {
    return undefined;
  }
  const real = fs.existsSync(folder) ? fs.realpathSync(folder) : path.resolve(folder);
  const type = filesystemTypeOf(real, mountinfo);
  return type !== undefined && NETWORK_FILESYSTEMS.has(type) ? `a ${type} network filesystem` : undefined;
}

/** Refuses, with a message saying what to do, a data folder whose SQLite database would be on the network. */
export function refuseNetworkDataDir(
  dataDir: string,
  detect: (folder: string) => string | undefined = networkFilesystemOf,
): void {
  const network = detect(dataDir);
  if (network === undefined) return;
  throw new NetworkFilesystemError(
    `The data folder ${dataDir} is on ${network}. SQLite databases get corrupted there (its locks and ` +
      'shared memory only work on a local disk). Choose a folder on a local disk with --data-dir or ' +
      'MEESHY_DATA_DIR, or store in PostgreSQL with DATABASE_URL.',
  );
}
