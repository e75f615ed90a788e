import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { ATTACHMENT_NAME_MAX_LENGTH, type AttachmentDto } from '../../contract/attachments.ts';
import { LIMITS } from '../../contract/limits.ts';
import type { AttachmentRecord, AttachmentRecordStore, BlobRecord } from '../db/stores/attachments.ts';
import { presentedMimeType, toAttachmentDto } from '../db/stores/attachments.ts';
import type { ConversationStore } from '../db/stores/conversations.ts';
import { requireMember } from '../domain/access.ts';
import { AppError } from '../errors.ts';
import { blobKey, thumbnailKey, type AttachmentStore, type SetAside } from './attachment-store.ts';
import { servedInline, servedType, sniffContentType } from './content-type.ts';
import { previewImage } from './image-preview.ts';
import { filesChangedBefore } from './old-files.ts';
import { SPOOLED_FILE_NAME, spoolUpload, type SpooledFile } from './spool.ts';

export interface AttachmentServiceDeps {
  repository: AttachmentRecordStore & Pick<ConversationStore, 'findMembership' | 'findConversation'>;
  store: AttachmentStore;
  /** A private folder for uploads in progress. */
  spoolDir: string;
}

export interface UploadRequest {
  conversationId: string;
  clientMessageId: string;
  position: number;
  voice: boolean;
  fileName: string;
  bytes: Readable;
  /** True once the bytes stopped at the size limit. */
  truncated: () => boolean;
}

export interface ServedAttachment {
  bytes: Readable;
  contentType: string;
  inline: boolean;
  fileName: string;
  sizeBytes?: number;
}

export const attachmentNotFound = (): AppError =>
  new AppError(404, 'ATTACHMENT_NOT_FOUND', 'Attachment not found');

const tooManyAttachments = (): AppError =>
  new AppError(
    400,
    'TOO_MANY_ATTACHMENTS',
    `A message carries at most ${LIMITS.attachmentsPerMessageMax} files`,
  );

/** Keeps a name the sender chose readable and harmless in a header and on a disk: no paths, no controls. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  // Cut by code points, so a cut never splits a character's surrogate pair.
  return Array.from(cleaned || 'file')
    .slice(0, ATTACHMENT_NAME_MAX_LENGTH)
    .join('');
}

/**
 * Uploads, serving and release of attached files. Bytes go to the attachment store under their hash (one
 * copy however often they are sent); the database records which message uses them and who may read them.
 */
export class AttachmentService {
  constructor(private readonly deps: AttachmentServiceDeps) {}

  /**
   * Checked before the body is read: a non-member gets the answer of a conversation that does not exist,
   * whatever they sent, and no upload of theirs is ever spooled.
   */
  async checkUploader(userId: string, conversationId: string): Promise<void> {
    await requireMember(this.deps.repository, conversationId, userId);
  }

  async upload(userId: string, request: UploadRequest): Promise<AttachmentDto> {
    const { repository } = this.deps;
    await requireMember(repository, request.conversationId, userId);
    if (request.position >= LIMITS.attachmentsPerMessageMax) throw tooManyAttachments();
    const fileName = cleanFileName(request.fileName);
    const spooled = await spoolUpload(request.bytes, this.deps.spoolDir, request.truncated);
    try {
      const sniffed = await sniffContentType(spooled.path, fileName, request.voice);
      const preview = sniffed.kind === 'image' ? await previewImage(spooled.path) : undefined;
      const blob: BlobRecord = {
        hash: spooled.sha256,
        sizeBytes: spooled.sizeBytes,
        mimeType: sniffed.mimeType,
        width: preview?.width ?? null,
        height: preview?.height ?? null,
        hasThumbnail: preview !== undefined,
      };
      const created = await this.storeBytes(spooled, preview?.thumbnail);
      let saved;
      try {
        saved = await repository.saveUpload(
          {
            id: randomUUID(),
            conversationId: request.conversationId,
            uploaderId: userId,
            clientMessageId: request.clientMessageId,
            position: request.position,
            kind: sniffed.kind,
            fileName,
            createdAt: new Date().toISOString(),
          },
          blob,
        );
      } catch (error) {
        // Nothing half-stored: bytes this upload added and no row records go again.
        if (created) await this.deleteBytes(blob.hash);
        throw error;
      }
      await Promise.all(saved.orphanedHashes.map((hash) => this.deleteBytes(hash)));
      const { attachment } = saved;
      if (attachment.conversationId !== request.conversationId)
        throw new AppError(409, 'CONFLICT', 'This message id was used for another conversation');
      // A message deleted at this very moment may have taken the same bytes away: put them back.
      if (attachment.blob.hash === blob.hash) await this.storeBytes(spooled, preview?.thumbnail);
      return toAttachmentDto(attachment);
    } finally {
      await spooled.discard();
    }
  }

  /**
   * Checks the uploads a message names before it is stored: the sender's own, made for this message in this
   * conversation, not sent yet.
   */
  async checkForSend(
    userId: string,
    conversationId: string,
    clientMessageId: string,
    attachmentIds: readonly string[],
  ): Promise<void> {
    if (attachmentIds.length > LIMITS.attachmentsPerMessageMax) throw tooManyAttachments();
    if (new Set(attachmentIds).size !== attachmentIds.length)
      throw new AppError(400, 'BAD_REQUEST', 'An attachment is named twice');
    const found = await this.deps.repository.findAttachments(attachmentIds);
    const usable = (record: AttachmentRecord) =>
      record.uploaderId === userId &&
      record.conversationId === conversationId &&
      record.clientMessageId === clientMessageId &&
      record.messageId === null;
    if (found.length !== attachmentIds.length || !found.every(usable)) throw attachmentNotFound();
  }

  /** A file (or its thumbnail) for a member of its conversation; anyone else learns nothing of it. */
  async open(userId: string, attachmentId: string, variant: 'file' | 'thumbnail'): Promise<ServedAttachment> {
    const attachment = await this.deps.repository.findAttachment(attachmentId);
    if (!attachment) throw attachmentNotFound();
    const member = await this.deps.repository.findMembership(attachment.conversationId, userId);
    if (!member) throw attachmentNotFound();
    // Until its message is sent, an upload is its uploader's alone.
    if (attachment.messageId === null && attachment.uploaderId !== userId) throw attachmentNotFound();
    if (variant === 'thumbnail') {
      if (!attachment.blob.hasThumbnail) throw attachmentNotFound();
      const bytes = await this.deps.store.get(thumbnailKey(attachment.blob.hash));
      if (!bytes) throw attachmentNotFound();
      return { bytes, contentType: 'image/webp', inline: true, fileName: `${attachment.fileName}.webp` };
    }
    const bytes = await this.deps.store.get(blobKey(attachment.blob.hash));
    if (!bytes) throw attachmentNotFound();
    const presentedType = presentedMimeType(attachment.kind, attachment.blob.mimeType);
    return {
      bytes,
      contentType: servedType(presentedType),
      inline: servedInline(presentedType),
      fileName: attachment.fileName,
      sizeBytes: attachment.blob.sizeBytes,
    };
  }

  /** After a message is deleted: its attachments go, and the bytes no other message uses. */
  async release(messageId: string): Promise<void> {
    const orphaned = await this.deps.repository.releaseMessageAttachments(messageId);
    await Promise.all(orphaned.map((hash) => this.deleteBytes(hash)));
  }

  /**
   * Removes the uploads no message took that were last uploaded before `uploadedBefore` (a send given up, a
   * draft thrown away), with the files of the bytes nothing else uses; returns how many files went.
   */
  async sweepUnsent(uploadedBefore: Date): Promise<number> {
    const orphaned = await this.deps.repository.sweepUnsentUploads(uploadedBefore.toISOString());
    await Promise.all(orphaned.map((hash) => this.deleteBytes(hash)));
    return orphaned.length;
  }

  /**
   * Finishes what a crash interrupted before `before`: the store's set-aside bytes and partial writes, and
   * spooled uploads nobody will store. Returns how many files it put back or removed.
   */
  async recoverInterrupted(before: Date): Promise<number> {
    const { restored, removed } = await this.deps.store.recoverInterrupted(before);
    const spooled = await filesChangedBefore(
      this.deps.spoolDir,
      1,
      (name) => SPOOLED_FILE_NAME.test(name),
      before,
    );
    await Promise.all(spooled.map((file) => fs.promises.rm(file, { force: true })));
    return restored + removed + spooled.length;
  }

  /** Puts the bytes (and thumbnail) in the store unless they are there; true when this call added them. */
  private async storeBytes(spooled: SpooledFile, thumbnail: Buffer | undefined): Promise<boolean> {
    const { store } = this.deps;
    const key = blobKey(spooled.sha256);
    let created = false;
    if (thumbnail && !(await store.exists(thumbnailKey(spooled.sha256)))) {
      await store.put(thumbnailKey(spooled.sha256), thumbnail);
      created = true;
    }
    if (!(await store.exists(key))) {
      await store.put(key, fs.createReadStream(spooled.path));
      created = true;
    }
    return created;
  }

  /**
   * Removes the files of bytes the database found unused. An identical upload can take them again meanwhile:
   * it records its attachment, then writes the file if it finds none. So the files are first set aside, then
   * the database asked again: an upload recorded before that question gets them back; one recorded after it
   * finds no file, since they were set aside before, and writes its own.
   */
  private async deleteBytes(hash: string): Promise<void> {
    const { store, repository } = this.deps;
    const setAside: SetAside[] = [];
    try {
      for (const key of [blobKey(hash), thumbnailKey(hash)]) {
        const aside = await store.setAside(key);
        if (aside) setAside.push(aside);
      }
    } catch (error) {
      // Not all of them could be moved: what was goes back, and the bytes stay where they were.
      await Promise.all(setAside.map((aside) => aside.restore()));
      throw error;
    }
    if (setAside.length === 0) return;
    let wanted = true;
    try {
      wanted = await repository.isBlobUsed(hash);
    } finally {
      // Unsure (the database did not answer), the bytes go back: a file nothing uses costs disk space, a file
      // removed under an attachment loses what a message carries.
      await Promise.all(setAside.map((aside) => (wanted ? aside.restore() : aside.discard())));
    }
  }
}
