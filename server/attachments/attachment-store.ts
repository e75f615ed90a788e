import type { Readable } from 'node:stream';

/** Bytes moved out of their key's reach, until their remover knows whether they are wanted after all. */
export interface SetAside {
  /** Puts them back under their key (over identical bytes written there meanwhile: same hash, same bytes). */
  restore(): Promise<void>;
  discard(): Promise<void>;
}

/**
 * Where attached files' bytes live, by key (`blobs/<sha256>`, `thumbnails/<sha256>.webp`). The server knows
 * nothing else of the storage: the data folder's implementation is ./fs-attachment-store.ts; an
 * S3-compatible bucket is another implementation of these methods (README, "Attachments"; setting aside is
 * a copy to a private key and a delete there).
 */
export interface AttachmentStore {
  /** Stores the bytes under the key, whole or not at all; a reader never sees part of them. */
  put(key: string, bytes: Readable | Buffer): Promise<void>;
  /** The bytes under the key, or undefined when there are none. */
  get(key: string): Promise<Readable | undefined>;
  /**
   * Moves the bytes away from their key at once (readers and `exists` no longer find them), so that whoever
   * removes them can first ask whether an upload took them again; undefined when the key holds nothing.
   */
  setAside(key: string): Promise<SetAside | undefined>;
  exists(key: string): Promise<boolean>;
  /**
   * Finishes what a crash interrupted before `before`: bytes set aside go back under their key (an attachment
   * may still need them; the next removal asks again), and partial writes are removed.
   */
  recoverInterrupted(before: Date): Promise<InterruptedWork>;
}

/** What `recoverInterrupted` found. */
export interface InterruptedWork {
  restored: number;
  removed: number;
}

export const blobKey = (hash: string): string => `blobs/${hash}`;
export const thumbnailKey = (hash: string): string => `thumbnails/${hash}.webp`;

/** Keys are made by the functions above: lowercase names and dots only, never `..`, never absolute. */
export function assertSafeKey(key: string): void {
  if (!/^[a-z]+\/[0-9a-f]{64}(\.webp)?$/.test(key)) throw new Error(`not an attachment key: ${key}`);
}
