import { create } from 'zustand';
import type { ErrorCode } from '../../../../contract/errors.ts';
import { ApiError } from '../../lib/api/apiError.ts';
import { uploadAttachment, type TransferContext } from './attachmentTransfer.ts';
import type { PendingFiles } from './pendingFiles.ts';

/** What the outbox remembers of a file waiting to be sent; its bytes wait in PendingFiles. */
export interface OutboxAttachment {
  position: number;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  /** A voice message recorded in the app. */
  voice: boolean;
}

/** Upload progress per message being sent (0 to 1), and how to cancel it. */
export const useUploadProgress = create<{ progress: Record<string, number> }>(() => ({ progress: {} }));
const cancellers = new Map<string, AbortController>();

function setProgress(clientMessageId: string, fraction: number | undefined): void {
  useUploadProgress.setState((state) => ({
    progress: Object.fromEntries([
      ...Object.entries(state.progress).filter(([id]) => id !== clientMessageId),
      ...(fraction === undefined ? [] : [[clientMessageId, fraction] as const]),
    ]),
  }));
}

/** Stops a message's upload in progress, if one is running. */
export function cancelUpload(clientMessageId: string): void {
  cancellers.get(clientMessageId)?.abort();
}

/** Refusals that sending the same file again will not change. */
const PERMANENT_UPLOAD_STATUSES = new Set([400, 403, 404, 409, 413, 415]);

export type UploadOutcome =
  { ok: true; attachmentIds: string[] } | { ok: false; code: ErrorCode; message: string };

/**
 * Uploads the files of one outbox message, in order, before the message itself is sent. Resolves with their
 * ids, or with a refusal for good (too large, refused type); rejects when the network failed or the upload
 * was cancelled, which leaves the message queued.
 */
export async function uploadOutboxAttachments(
  context: TransferContext,
  files: PendingFiles,
  entry: { clientMessageId: string; conversationId: string; attachments?: readonly OutboxAttachment[] },
): Promise<UploadOutcome> {
  const attachments = entry.attachments ?? [];
  if (attachments.length === 0) return { ok: true, attachmentIds: [] };
  const controller = new AbortController();
  cancellers.set(entry.clientMessageId, controller);
  const total = attachments.reduce((sum, attachment) => sum + attachment.sizeBytes, 0) || 1;
  let done = 0;
  setProgress(entry.clientMessageId, 0);
  try {
    const attachmentIds: string[] = [];
    for (const attachment of attachments) {
      const file = await files.get(entry.clientMessageId, attachment.position);
      if (file === undefined)
        return {
          ok: false,
          code: 'NOT_FOUND',
          message: `${attachment.fileName} is no longer on this device`,
        };
      try {
        const uploaded = await uploadAttachment(context, {
          conversationId: entry.conversationId,
          clientMessageId: entry.clientMessageId,
          position: attachment.position,
          file,
          fileName: attachment.fileName,
          voice: attachment.voice,
          signal: controller.signal,
          onProgress: (fraction) => {
            setProgress(entry.clientMessageId, (done + fraction * attachment.sizeBytes) / total);
          },
        });
        attachmentIds.push(uploaded.id);
      } catch (error) {
        if (error instanceof ApiError && PERMANENT_UPLOAD_STATUSES.has(error.status))
          return { ok: false, code: error.code as ErrorCode, message: error.message };
        throw error;
      }
      done += attachment.sizeBytes;
    }
    return { ok: true, attachmentIds };
  } finally {
    cancellers.delete(entry.clientMessageId);
    setProgress(entry.clientMessageId, undefined);
  }
}
