import { and, asc, eq, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { AttachmentDto } from '../../../contract/attachments.ts';
import {
  toAttachmentDto,
  toAttachmentRecord,
  type AttachmentRecord,
  type AttachmentRecordStore,
  type BlobRecord,
} from '../stores/attachments.ts';
import type { SqliteConnection, SqliteDb } from './connection.ts';
import { attachmentBlobs, attachments } from './schema.ts';

const toRecord = toAttachmentRecord;

function selectRecords(db: SqliteDb) {
  return db
    .select({ row: attachments, blob: attachmentBlobs })
    .from(attachments)
    .innerJoin(attachmentBlobs, eq(attachmentBlobs.hash, attachments.blobHash));
}

/** The attachments of these messages, each message's in order: one query for a whole page. */
export function attachmentsByMessage(
  db: SqliteDb,
  messageIds: readonly string[],
): Map<string, AttachmentDto[]> {
  if (messageIds.length === 0) return new Map();
  return groupByMessage(
    selectRecords(db)
      .where(inArray(attachments.messageId, [...messageIds]))
      .orderBy(asc(attachments.position))
      .all(),
  );
}

/**
 * attachmentsByMessage() for one message, prepared once: it runs on every send, and building the query
 * each time cost more than the rest of the send's reads together (issue 14's profile).
 */
export function prepareAttachmentsOfMessage(
  db: SqliteDb,
): (messageId: string) => Map<string, AttachmentDto[]> {
  const statement = selectRecords(db)
    .where(eq(attachments.messageId, sql.placeholder('messageId')))
    .orderBy(asc(attachments.position))
    .prepare();
  return (messageId) => groupByMessage(statement.all({ messageId }));
}

function groupByMessage(
  rows: readonly { row: typeof attachments.$inferSelect; blob: typeof attachmentBlobs.$inferSelect }[],
): Map<string, AttachmentDto[]> {
  const byMessage = new Map<string, AttachmentDto[]>();
  for (const { row, blob } of rows) {
    const messageId = row.messageId ?? '';
    byMessage.set(messageId, [...(byMessage.get(messageId) ?? []), toAttachmentDto(toRecord(row, blob))]);
  }
  return byMessage;
}

function blobUsed(db: SqliteDb, hash: string): boolean {
  const [used] = db
    .select({ one: sql<number>`1` })
    .from(attachments)
    .where(eq(attachments.blobHash, hash))
    .limit(1)
    .all();
  return used !== undefined;
}

/** Deletes the blob rows among `hashes` that no attachment refers to; returns the ones it deleted. */
function dropUnreferencedBlobs(db: SqliteDb, hashes: readonly string[]): string[] {
  const dropped: string[] = [];
  for (const hash of new Set(hashes)) {
    if (blobUsed(db, hash)) continue;
    db.delete(attachmentBlobs).where(eq(attachmentBlobs.hash, hash)).run();
    dropped.push(hash);
  }
  return dropped;
}

/** Marks these uploads as the message's attachments; runs inside the message insert's transaction. */
export function attachUploads(
  db: SqliteDb,
  message: { id: string; senderId: string; clientMessageId: string },
  attachmentIds: readonly string[],
): void {
  if (attachmentIds.length === 0) return;
  db.update(attachments)
    .set({ messageId: message.id })
    .where(
      and(
        inArray(attachments.id, [...attachmentIds]),
        eq(attachments.uploaderId, message.senderId),
        eq(attachments.clientMessageId, message.clientMessageId),
        isNull(attachments.messageId),
      ),
    )
    .run();
}

export function createAttachmentStore({ sqlite, db }: SqliteConnection): AttachmentRecordStore {
  const find = (id: string): AttachmentRecord | undefined => {
    const [found] = selectRecords(db).where(eq(attachments.id, id)).all();
    return found ? toRecord(found.row, found.blob) : undefined;
  };

  /** Deletes the matching attachments and every blob left without one; returns those blobs' hashes. */
  const deleteAttachmentsWhere = (where: SQL | undefined): string[] =>
    sqlite
      .transaction(() => {
        const hashes = db
          .delete(attachments)
          .where(where)
          .returning({ hash: attachments.blobHash })
          .all()
          .map((row) => row.hash);
        return dropUnreferencedBlobs(db, hashes);
      })
      .immediate();

  return {
    saveUpload(upload, blob: BlobRecord) {
      const result = sqlite
        .transaction(() => {
          db.insert(attachmentBlobs)
            .values({ ...blob, createdAt: upload.createdAt })
            .onConflictDoNothing()
            .run();
          const [existing] = db
            .select()
            .from(attachments)
            .where(
              and(
                eq(attachments.uploaderId, upload.uploaderId),
                eq(attachments.clientMessageId, upload.clientMessageId),
                eq(attachments.position, upload.position),
              ),
            )
            .all();
          if (existing === undefined) {
            db.insert(attachments)
              .values({ ...upload, blobHash: blob.hash, messageId: null })
              .run();
            return { id: upload.id, orphanedHashes: [] };
          }
          // Sent already: the retry came too late to change anything; its bytes may now be unused.
          if (existing.messageId !== null || existing.conversationId !== upload.conversationId)
            return { id: existing.id, orphanedHashes: dropUnreferencedBlobs(db, [blob.hash]) };
          db.update(attachments)
            .set({
              blobHash: blob.hash,
              kind: upload.kind,
              fileName: upload.fileName,
              createdAt: upload.createdAt,
            })
            .where(eq(attachments.id, existing.id))
            .run();
          return { id: existing.id, orphanedHashes: dropUnreferencedBlobs(db, [existing.blobHash]) };
        })
        .immediate();
      const attachment = find(result.id);
      if (!attachment) throw new Error(`attachment ${result.id} vanished`);
      return Promise.resolve({ attachment, orphanedHashes: result.orphanedHashes });
    },

    findAttachment(id) {
      return Promise.resolve(find(id));
    },

    findAttachments(ids) {
      if (ids.length === 0) return Promise.resolve([]);
      const rows = selectRecords(db)
        .where(inArray(attachments.id, [...ids]))
        .all();
      return Promise.resolve(rows.map(({ row, blob }) => toRecord(row, blob)));
    },

    releaseMessageAttachments(messageId) {
      return Promise.resolve(deleteAttachmentsWhere(eq(attachments.messageId, messageId)));
    },

    sweepUnsentUploads(uploadedBefore) {
      return Promise.resolve(
        deleteAttachmentsWhere(and(isNull(attachments.messageId), lt(attachments.createdAt, uploadedBefore))),
      );
    },

    isBlobUsed(hash) {
      return Promise.resolve(blobUsed(db, hash));
    },
  };
}
