import { and, asc, eq, inArray, isNull, lt, notExists, type SQL } from 'drizzle-orm';
import type { AttachmentDto } from '../../../contract/attachments.ts';
import {
  toAttachmentDto,
  toAttachmentRecord,
  type AttachmentRecord,
  type AttachmentRecordStore,
  type BlobRecord,
} from '../stores/attachments.ts';
import type { PgConnection, PgQueries } from './connection.ts';
import { attachmentBlobs, attachments } from './schema.ts';

// The Postgres twin of ../sqlite/attachment-store.ts.

const toRecord = toAttachmentRecord;

function selectRecords(db: PgQueries) {
  return db
    .select({ row: attachments, blob: attachmentBlobs })
    .from(attachments)
    .innerJoin(attachmentBlobs, eq(attachmentBlobs.hash, attachments.blobHash));
}

export async function attachmentsByMessage(
  db: PgQueries,
  messageIds: readonly string[],
): Promise<Map<string, AttachmentDto[]>> {
  const byMessage = new Map<string, AttachmentDto[]>();
  if (messageIds.length === 0) return byMessage;
  const rows = await selectRecords(db)
    .where(inArray(attachments.messageId, [...messageIds]))
    .orderBy(asc(attachments.position));
  for (const { row, blob } of rows) {
    const messageId = row.messageId ?? '';
    byMessage.set(messageId, [...(byMessage.get(messageId) ?? []), toAttachmentDto(toRecord(row, blob))]);
  }
  return byMessage;
}

/** Deletes the blob rows among `hashes` that no attachment refers to; returns the ones it deleted. */
async function dropUnreferencedBlobs(db: PgQueries, hashes: readonly string[]): Promise<string[]> {
  const dropped: string[] = [];
  for (const hash of new Set(hashes)) {
    const deleted = await db
      .delete(attachmentBlobs)
      .where(
        and(
          eq(attachmentBlobs.hash, hash),
          notExists(db.select().from(attachments).where(eq(attachments.blobHash, hash))),
        ),
      )
      .returning({ hash: attachmentBlobs.hash });
    if (deleted.length > 0) dropped.push(hash);
  }
  return dropped;
}

export async function attachUploads(
  db: PgQueries,
  message: { id: string; senderId: string; clientMessageId: string },
  attachmentIds: readonly string[],
): Promise<void> {
  if (attachmentIds.length === 0) return;
  await db
    .update(attachments)
    .set({ messageId: message.id })
    .where(
      and(
        inArray(attachments.id, [...attachmentIds]),
        eq(attachments.uploaderId, message.senderId),
        eq(attachments.clientMessageId, message.clientMessageId),
        isNull(attachments.messageId),
      ),
    );
}

export function createAttachmentStore({ db }: PgConnection): AttachmentRecordStore {
  const find = async (id: string): Promise<AttachmentRecord | undefined> => {
    const [found] = await selectRecords(db).where(eq(attachments.id, id));
    return found ? toRecord(found.row, found.blob) : undefined;
  };

  /** Deletes the matching attachments and every blob left without one; returns those blobs' hashes. */
  const deleteAttachmentsWhere = (where: SQL | undefined): Promise<string[]> =>
    db.transaction(async (tx) => {
      const deleted = await tx.delete(attachments).where(where).returning({ hash: attachments.blobHash });
      return dropUnreferencedBlobs(
        tx,
        deleted.map((row) => row.hash),
      );
    });

  return {
    async saveUpload(upload, blob: BlobRecord) {
      const result = await db.transaction(async (tx) => {
        await tx
          .insert(attachmentBlobs)
          .values({ ...blob, createdAt: upload.createdAt })
          .onConflictDoNothing();
        const inserted = await tx
          .insert(attachments)
          .values({ ...upload, blobHash: blob.hash, messageId: null })
          .onConflictDoNothing()
          .returning({ id: attachments.id });
        if (inserted.length > 0) return { id: upload.id, orphanedHashes: [] };
        const [existing] = await tx
          .select()
          .from(attachments)
          .where(
            and(
              eq(attachments.uploaderId, upload.uploaderId),
              eq(attachments.clientMessageId, upload.clientMessageId),
              eq(attachments.position, upload.position),
            ),
          )
          .for('update');
        if (existing === undefined) throw new Error('upload conflicted with a row that is gone');
        if (existing.messageId !== null || existing.conversationId !== upload.conversationId)
          return { id: existing.id, orphanedHashes: await dropUnreferencedBlobs(tx, [blob.hash]) };
        await tx
          .update(attachments)
          .set({
            blobHash: blob.hash,
            kind: upload.kind,
            fileName: upload.fileName,
            createdAt: upload.createdAt,
          })
          .where(eq(attachments.id, existing.id));
        return { id: existing.id, orphanedHashes: await dropUnreferencedBlobs(tx, [existing.blobHash]) };
      });
      const attachment = await find(result.id);
      if (!attachment) throw new Error(`attachment ${result.id} vanished`);
      return { attachment, orphanedHashes: result.orphanedHashes };
    },

    findAttachment: find,

    async findAttachments(ids) {
      if (ids.length === 0) return [];
      const rows = await selectRecords(db).where(inArray(attachments.id, [...ids]));
      return rows.map(({ row, blob }) => toRecord(row, blob));
    },

    releaseMessageAttachments(messageId) {
      return deleteAttachmentsWhere(eq(attachments.messageId, messageId));
    },

    sweepUnsentUploads(uploadedBefore) {
      return deleteAttachmentsWhere(
        and(isNull(attachments.messageId), lt(attachments.createdAt, uploadedBefore)),
      );
    },

    async isBlobUsed(hash) {
      const used = await db
        .select({ id: attachments.id })
        .from(attachments)
        .where(eq(attachments.blobHash, hash))
        .limit(1);
      return used.length > 0;
    },
  };
}
