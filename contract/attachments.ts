import { z } from 'zod';
import { idSchema, uuidSchema } from './common.ts';

/**
 * Files sent with a message. A client uploads each file first, tied to the message it will belong to by the
 * message's `clientMessageId` and the file's position in it, then sends the message naming the uploads. A
 * retried upload (same client id, same position) or a retried send never stores anything twice.
 */

/** image: shown as a thumbnail; audio: a voice message, played in the bubble; file: a card to download. */
export const ATTACHMENT_KINDS = ['image', 'audio', 'file'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export const uploadAttachmentQuerySchema = z.object({
  clientMessageId: uuidSchema,
  /** The file's place among the message's attachments, from 0 (400 TOO_MANY_ATTACHMENTS past the limit). */
  position: z.coerce.number().int().min(0).max(1000),
  /** A voice message recorded by the client (its WebM/Ogg bytes look like a video container). */
  voice: z.enum(['true', 'false']).optional(),
});

export const attachmentParamsSchema = z.object({ attachmentId: idSchema });

/** Bounded loosely here; past LIMITS.attachmentsPerMessageMax the server answers TOO_MANY_ATTACHMENTS. */
export const attachmentIdsSchema = z.array(idSchema).max(100);

/** The name the file is stored and downloaded under; a client caps what it sends to this length. */
export const ATTACHMENT_NAME_MAX_LENGTH = 200;

export interface AttachmentDto {
  id: string;
  kind: AttachmentKind;
  fileName: string;
  /** What the bytes are, as the server sniffed them (never what the sender's file name claimed). */
  mimeType: string;
  sizeBytes: number;
  /** Pixel size of images; null for other kinds. */
  width: number | null;
  height: number | null;
  /** Whether GET /api/attachments/:id/thumbnail has a small preview (images). */
  hasThumbnail: boolean;
}

/** Binary answers (a file, a thumbnail): read as bytes, not JSON. */
export type AttachmentBytes = Blob;
