import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  assertSafeKey,
  type AttachmentStore,
  type InterruptedWork,
  type SetAside,
} from './attachment-store.ts';
import { filesChangedBefore } from './old-files.ts';

/**
 * The attachment store in a folder of the data folder: `<root>/blobs/ab/<hash>`, spread over 256
 * subfolders so none grows huge. A put writes a temporary file beside its target and renames it, so a file
 * under its final name is always whole, even after a crash.
 */
export class FileSystemAttachmentStore implements AttachmentStore {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    assertSafeKey(key);
    const [folder = '', name = ''] = key.split('/');
    return path.join(this.root, folder, name.slice(0, 2), name);
  }

  private static readonly partialSuffix = /\.[0-9a-f-]{36}\.part$/;
  private static readonly asideSuffix = /\.[0-9a-f-]{36}\.aside$/;

  async put(key: string, bytes: Readable | Buffer): Promise<void> {
    const target = this.pathOf(key);
    await fs.promises.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    const partial = `${target}.${randomUUID()}.part`;
    try {
      await pipeline(
        Buffer.isBuffer(bytes) ? Readable.from([bytes]) : bytes,
        fs.createWriteStream(partial, { mode: 0o600 }),
      );
      await fs.promises.rename(partial, target);
    } catch (error) {
      await fs.promises.rm(partial, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<Readable | undefined> {
    const file = this.pathOf(key);
    try {
      const handle = await fs.promises.open(file, 'r');
      return handle.createReadStream();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async setAside(key: string): Promise<SetAside | undefined> {
    const target = this.pathOf(key);
    // A rename is atomic: from here on the key holds nothing, and an upload that looks writes it again.
    const aside = `${target}.${randomUUID()}.aside`;
    try {
      await fs.promises.rename(target, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return {
      restore: () => fs.promises.rename(aside, target),
      discard: () => fs.promises.rm(aside, { force: true }),
    };
  }

  exists(key: string): Promise<boolean> {
    return pathExists(this.pathOf(key));
  }

  async recoverInterrupted(before: Date): Promise<InterruptedWork> {
    const found: InterruptedWork = { restored: 0, removed: 0 };
    const { asideSuffix, partialSuffix } = FileSystemAttachmentStore;
    const interrupted = (name: string) => asideSuffix.test(name) || partialSuffix.test(name);
    for (const file of await filesChangedBefore(this.root, 3, interrupted, before)) {
      const aside = asideSuffix.exec(file);
      if (aside) {
        const target = file.slice(0, aside.index);
        // The same key written again meanwhile holds the same bytes (keys are hashes): the copy is not needed.
        if (await pathExists(target)) await fs.promises.rm(file, { force: true });
        else await fs.promises.rename(file, target);
        found.restored += 1;
      } else {
        // A partial put: its bytes were never whole.
        await fs.promises.rm(file, { force: true });
        found.removed += 1;
      }
    }
    return found;
  }
}

async function pathExists(file: string): Promise<boolean> {
  try {
    await fs.promises.access(file);
    return true;
  } catch {
    return false;
  }
}
