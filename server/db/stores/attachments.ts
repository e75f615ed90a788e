import type { AttachmentDto, AttachmentKind } from '../../../contract/attachments.ts';

// Attached files: their bytes (a blob per content hash, in the attachment store) and each use of them.

export interface BlobRecord {
  hash: string;
  sizeBytes: number;
  mimeType: string;
  width: number | null;
  height: number | null;
  hasThumbnail: boolean;
}

export interface NewUpload {
  id: string;
  conversationId: string;
  uploaderId: string;
  clientMessageId: string;
  position: number;
  kind: AttachmentKind;
  fileName: string;
  createdAt: string;
}

export interface AttachmentRecord extends Omit<NewUpload, 'id'> {
  id: string;
  /** Null until the message naming it is sent. */
  messageId: string | null;
  blob: BlobRecord;
}

export interface SavedUpload {
  attachment: AttachmentRecord;
  /** Blobs no attachment refers to any more after this save (a retry replaced its bytes): delete their files. */
  orphanedHashes: string[];
}

export interface AttachmentRecordStore {
  /**
   * Records an upload in one transaction: its blob (kept if the hash is already stored) and the attachment at
   * (uploader, client message id, position). A retry of a pending upload replaces its bytes, name and upload
   * time in place (so the sweep of unsent uploads counts from the latest attempt);
   * a retry of one whose message was sent already changes nothing and returns it.
   */
  saveUpload(upload: NewUpload, blob: BlobRecord): Promise<SavedUpload>;
  findAttachment(id: string): Promise<AttachmentRecord | undefined>;
  /** The attachments among `ids`, whatever they belong to (the caller checks). */
  findAttachments(ids: readonly string[]): Promise<AttachmentRecord[]>;
  /**
   * Removes a message's attachments and every blob left without one; returns those blobs' hashes so their
   * files can go too.
   */
  releaseMessageAttachments(messageId: string): Promise<string[]>;
  /**
   * Removes the uploads no sent message took that were last uploaded before `uploadedBefore` (a send given
   * up, a draft discarded after its upload), and every blob left without an attachment; returns those blobs'
   * hashes so their files can go too. Bytes another attachment still uses stay.
   */
  sweepUnsentUploads(uploadedBefore: string): Promise<string[]>;
  /**
   * Whether an attachment uses these bytes now. Bytes found unused can be taken again by an identical upload
   * before their file goes, so the file's removal asks again once it has set the file aside.
   */
  isBlobUsed(hash: string): Promise<boolean>;
}

/** The columns both dialects' rows share (./sqlite and ./postgres attachment-store.ts). */
export type AttachmentRowShape = Omit<AttachmentRecord, 'blob'> & { blobHash: string };
export type BlobRowShape = BlobRecord & { createdAt: string };

export function toAttachmentRecord(row: AttachmentRowShape, blob: BlobRowShape): AttachmentRecord {
  return {
    id: row.id,
    conversationId: row.conversationId,
    uploaderId: row.uploaderId,
    clientMessageId: row.clientMessageId,
    position: row.position,
    kind: row.kind,
    fileName: row.fileName,
    createdAt: row.createdAt,
    messageId: row.messageId,
    blob: {
      hash: blob.hash,
      sizeBytes: blob.sizeBytes,
      mimeType: blob.mimeType,
      width: blob.width,
      height: blob.height,
      hasThumbnail: blob.hasThumbnail,
    },
  };
}

/**
 * The type a file is shown as: what its bytes are, except a voice recording, whose WebM container (the same
 * bytes as a video's) holds only sound.
 */
export function presentedMimeType(kind: AttachmentKind, sniffed: string): string {
  return kind === 'audio' && sniffed === 'video/webm' ? 'audio/webm' : sniffed;
}

export function toAttachmentDto(
  record: Pick<AttachmentRecord, 'id' | 'kind' | 'fileName' | 'blob'>,
): AttachmentDto {
  return {
    id: record.id,
    kind: record.kind,
    fileName: record.fileName,
    mimeType: presentedMimeType(record.kind, record.blob.mimeType),
    sizeBytes: record.blob.sizeBytes,
    width: record.blob.width,
    height: record.blob.height,
    hasThumbnail: record.blob.hasThumbnail,
  };
}
