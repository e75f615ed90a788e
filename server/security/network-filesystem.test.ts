import os from 'node:os';
import { describe, expect, it } from 'vitest';
import {
  filesystemTypeOf,
  networkFilesystemOf,
  NetworkFilesystemError,
  refuseNetworkDataDir,
} from './network-filesystem.ts';

/** A Linux mountinfo as a machine with an NFS home, an SMB share and an sshfs mount shows it. */
const MOUNTINFO = [
  '22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw',
  '30 22 0:26 / /home rw,relatime shared:5 - nfs4 fileserver:/export/home rw,vers=4.2',
  '31 30 8:2 / /home/ann/local rw,relatime shared:6 - ext4 /dev/sdb1 rw',
  '32 22 0:27 / /mnt/office\\040share rw,relatime shared:7 - cifs //nas/share rw',
  '33 22 0:28 / /mnt/remote rw,nosuid,nodev shared:8 - fuse.sshfs ann@host:/srv rw',
  '34 22 0:29 / /tmp rw shared:9 - tmpfs tmpfs rw',
].join('\n');

const onLinux = (folder: string) => networkFilesystemOf(folder, 'linux', () => MOUNTINFO);

describe('the data folder must not be on a network filesystem (reliability.md §3.1)', () => {
  it('finds the mount holding a folder: the longest mount point containing it', () => {
    expect(filesystemTypeOf('/home/ann/Meeshy', MOUNTINFO)).toBe('nfs4');
    expect(filesystemTypeOf('/home/ann/local/Meeshy', MOUNTINFO)).toBe('ext4');
    expect(filesystemTypeOf('/homework', MOUNTINFO)).toBe('ext4');
    expect(filesystemTypeOf('/mnt/office share/data', MOUNTINFO)).toBe('cifs');
  });

  it('names NFS, SMB/CIFS and sshfs on Linux, and leaves local disks alone', () => {
    expect(onLinux('/home/ann/Meeshy')).toBe('a nfs4 network filesystem');
    expect(onLinux('/mnt/office share/Meeshy')).toBe('a cifs network filesystem');
    expect(onLinux('/mnt/remote/Meeshy')).toBe('a fuse.sshfs network filesystem');
    expect(onLinux('/home/ann/local/Meeshy')).toBeUndefined();
    expect(onLinux('/tmp/Meeshy')).toBeUndefined();
  });

  it('names a UNC path on Windows', () => {
    expect(networkFilesystemOf('\\\\nas\\share\\Meeshy', 'win32')).toBe('a network share (UNC path)');
    expect(networkFilesystemOf('C:\\Users\\ann\\AppData\\Roaming\\Meeshy', 'win32')).toBeUndefined();
    expect(networkFilesystemOf('\\\\?\\C:\\Users\\ann', 'win32')).toBeUndefined();
  });

  it('refuses with a message that says what to do', () => {
    expect(() => {
      refuseNetworkDataDir('/home/ann/Meeshy', onLinux);
    }).toThrow(NetworkFilesystemError);
    expect(() => {
      refuseNetworkDataDir('/home/ann/Meeshy', onLinux);
    }).toThrow(/nfs4.*local disk.*MEESHY_DATA_DIR.*DATABASE_URL/s);
  });

  it("accepts this machine's temporary folder, read from the real mountinfo", () => {
    expect(() => {
      refuseNetworkDataDir(os.tmpdir());
    }).not.toThrow();
  });
});
