import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addGroup, addUser } from './repository.contract.ts';
import type { ChatRepository } from './repository.ts';
import type { BlobRecord, NewUpload } from './stores/attachments.ts';

// The attachment half of the repository contract (./repository.contract.test.ts runs it on each database).

const blob = (hash: string, mimeType = 'image/png'): BlobRecord => ({
  hash: hash.padEnd(64, '0'),
  sizeBytes: 10,
  mimeType,
  width: mimeType.startsWith('image/') ? 4 : null,
  height: mimeType.startsWith('image/') ? 3 : null,
  hasThumbnail: mimeType.startsWith('image/'),
});

export function describeAttachmentStore(name: string, open: () => Promise<ChatRepository>): void {
  describe(`attachment store contract: ${name}`, () => {
    let repository: ChatRepository;
    let userId: string;
    let conversationId: string;
    beforeEach(async () => {
      repository = await open();
      userId = (await addUser(repository, `U${randomUUID().slice(0, 6)}`)).id;
      conversationId = await addGroup(repository, [{ userId, role: 'admin' }]);
    });
    afterEach(async () => {
      await repository.close();
    });

    const upload = (
      clientMessageId: string,
      position = 0,
      fileName = 'a.png',
      createdAt = new Date().toISOString(),
    ): NewUpload => ({
      id: randomUUID(),
      conversationId,
      uploaderId: userId,
      clientMessageId,
      position,
      kind: 'image',
      fileName,
      createdAt,
    });
    const send = (clientMessageId: string, attachmentIds: string[]) =>
      repository.insertMessage({
        id: randomUUID(),
        conversationId,
        senderId: userId,
        clientMessageId,
        content: '',
        originalLanguage: null,
        replyToId: null,
        createdAt: new Date().toISOString(),
        attachmentIds,
      });

    it('a retried upload lands on the same row; new bytes replace the old, which are reported unused', async () => {
      const clientId = randomUUID();
      const first = await repository.saveUpload(upload(clientId), blob('aa'));
      const again = await repository.saveUpload(upload(clientId), blob('aa'));
      expect(again.attachment.id).toBe(first.attachment.id);
      expect(again.orphanedHashes).toEqual([]);
      const swapped = await repository.saveUpload(upload(clientId, 0, 'b.txt'), blob('bb', 'text/plain'));
      expect(swapped.attachment).toMatchObject({ id: first.attachment.id, fileName: 'b.txt' });
      expect(swapped.attachment.blob.hash).toBe(blob('bb').hash);
      expect(swapped.orphanedHashes).toEqual([blob('aa').hash]);
    });

    it('a send takes its uploads in order; a later upload retry changes nothing', async () => {
      const clientId = randomUUID();
      const second = await repository.saveUpload(upload(clientId, 1, 'second.png'), blob('cc'));
      const first = await repository.saveUpload(upload(clientId, 0, 'first.png'), blob('dd'));
      const { message } = await send(clientId, [first.attachment.id, second.attachment.id]);
      expect(message.attachments.map((attachment) => attachment.fileName)).toEqual([
        'first.png',
        'second.png',
      ]);
      expect(message.attachments[0]).toMatchObject({
        mimeType: 'image/png',
        width: 4,
        height: 3,
        hasThumbnail: true,
      });
      const late = await repository.saveUpload(upload(clientId, 0, 'other.png'), blob('ee'));
      expect(late.attachment).toMatchObject({
        id: first.attachment.id,
        fileName: 'first.png',
        messageId: message.id,
      });
      expect(late.orphanedHashes).toEqual([blob('ee').hash]);
      expect((await repository.findMessage(message.id))?.attachments).toHaveLength(2);
    });

    it('releasing a message reports only the bytes nothing else uses', async () => {
      const [one, two] = [randomUUID(), randomUUID()];
      const a = await repository.saveUpload(upload(one), blob('ff'));
      const b = await repository.saveUpload(upload(two), blob('ff'));
      const first = await send(one, [a.attachment.id]);
      const second = await send(two, [b.attachment.id]);
      expect(await repository.releaseMessageAttachments(first.message.id)).toEqual([]);
      expect(await repository.findAttachment(a.attachment.id)).toBeUndefined();
      expect(await repository.releaseMessageAttachments(second.message.id)).toEqual([blob('ff').hash]);
      expect(await repository.findAttachments([a.attachment.id, b.attachment.id])).toEqual([]);
    });

    it('the sweep takes old unsent uploads and only the bytes no other attachment uses', async () => {
      const hourAgo = new Date(Date.now() - 3600_000).toISOString();
      const cutoff = new Date(Date.now() - 60_000).toISOString();
      const [sent, abandoned, unique, fresh, retried] = [
        randomUUID(),
        randomUUID(),
        randomUUID(),
        randomUUID(),
        randomUUID(),
      ];
      // The same bytes in a sent message and in an abandoned upload.
      const kept = await repository.saveUpload(upload(sent, 0, 'a.png', hourAgo), blob('11'));
      await send(sent, [kept.attachment.id]);
      const shared = await repository.saveUpload(upload(abandoned, 0, 'a.png', hourAgo), blob('11'));
      const alone = await repository.saveUpload(upload(unique, 0, 'b.png', hourAgo), blob('22'));
      const recent = await repository.saveUpload(upload(fresh), blob('33'));
      // Uploaded long ago, then again just now: its clock starts again.
      await repository.saveUpload(upload(retried, 0, 'c.png', hourAgo), blob('44'));
      const again = await repository.saveUpload(upload(retried, 0, 'c.png'), blob('44'));

      expect(await repository.sweepUnsentUploads(cutoff)).toEqual([blob('22').hash]);
      const left = await repository.findAttachments([
        kept.attachment.id,
        shared.attachment.id,
        alone.attachment.id,
        recent.attachment.id,
        again.attachment.id,
      ]);
      expect(left.map((attachment) => attachment.id).sort()).toEqual(
        [kept.attachment.id, recent.attachment.id, again.attachment.id].sort(),
      );
      // Nothing left to take, however often it runs.
      expect(await repository.sweepUnsentUploads(cutoff)).toEqual([]);
      // What the removal of the files asks before it lets them go.
      expect(await repository.isBlobUsed(blob('11').hash)).toBe(true);
      expect(await repository.isBlobUsed(blob('22').hash)).toBe(false);
      await repository.saveUpload(upload(randomUUID(), 0, 'b.png'), blob('22'));
      expect(await repository.isBlobUsed(blob('22').hash)).toBe(true);
    });
  });
}
