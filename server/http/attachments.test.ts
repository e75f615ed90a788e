import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AttachmentDto } from '../../contract/attachments.ts';
import type { SentMessage } from '../../contract/events.ts';
import { LIMITS } from '../../contract/limits.ts';
import type { MessageDto, MessagePage } from '../../contract/messages.ts';
import type { FastifyBaseLogger } from 'fastify';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';
import { AttachmentService } from '../attachments/attachment-service.ts';
import type { AttachmentStore } from '../attachments/attachment-store.ts';
import { FileSystemAttachmentStore } from '../attachments/fs-attachment-store.ts';
import { startUnsentUploadSweep } from '../attachments/unsent-sweep.ts';
import { directConversation, registerUser, type TestUser } from '../../test-support/users.ts';

/** Every file under a folder of the data folder (recursively), so a test sees exactly what is stored. */
function filesUnder(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

const png = (width = 800, height = 600, color = '#cc3300') =>
  sharp({ create: { width, height, channels: 3, background: color } })
    .png()
    .toBuffer();

function onlyAttachment(message: MessageDto): AttachmentDto {
  const [attachment] = message.attachments;
  if (attachment === undefined) throw new Error(`message ${message.id} has no attachment`);
  return attachment;
}

const HTML_PAGE = Buffer.from(
  '<!doctype html><html><body><script>alert(document.cookie)</script></body></html>',
);

describe('attachments (real server, real multipart)', () => {
  let t: TestApp;
  let ann: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let conversationId: string;
  let baseUrl: string;
  beforeEach(async () => {
    t = await createTestApp();
    [ann, bob, carol] = [await registerUser(t.app), await registerUser(t.app), await registerUser(t.app)];
    conversationId = await directConversation(t.app, ann, bob);
    baseUrl = await t.listen();
  });
  afterEach(async () => {
    await t.close();
  });

  const blobsDir = () => path.join(t.dataDir, 'attachments', 'blobs');
  const thumbnailsDir = () => path.join(t.dataDir, 'attachments', 'thumbnails');
  const spoolDir = () => path.join(t.dataDir, 'uploads');

  const upload = (
    user: TestUser,
    bytes: Buffer,
    fileName: string,
    options: { clientMessageId?: string; position?: number; voice?: boolean; conversation?: string } = {},
  ) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)]), fileName);
    const query = new URLSearchParams({
      clientMessageId: options.clientMessageId ?? randomUUID(),
      position: String(options.position ?? 0),
      ...(options.voice ? { voice: 'true' } : {}),
    });
    return fetch(
      `${baseUrl}/api/conversations/${options.conversation ?? conversationId}/attachments?${query.toString()}`,
      { method: 'POST', headers: user.auth, body: form },
    );
  };
  const uploaded = async (...args: Parameters<typeof upload>) => {
    const response = await upload(...args);
    expect(response.status, await response.clone().text()).toBe(201);
    return (await response.json()) as AttachmentDto;
  };
  const send = (user: TestUser, clientMessageId: string, attachmentIds: string[], content = '') =>
    fetch(`${baseUrl}/api/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: { ...user.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ clientMessageId, content, attachmentIds }),
    });
  const sent = async (...args: Parameters<typeof send>) => {
    const response = await send(...args);
    expect(response.status, await response.clone().text()).toBeLessThan(300);
    return ((await response.json()) as SentMessage).message;
  };
  /** The answer with its body read (an unread body would hold the connection open past the test). */
  const fetchFile = async (user: TestUser | undefined, id: string, variant = '') => {
    const response = await fetch(`${baseUrl}/api/attachments/${id}${variant}`, { headers: user?.auth ?? {} });
    const body = Buffer.from(await response.arrayBuffer());
    return {
      status: response.status,
      headers: response.headers,
      body,
      json: () => JSON.parse(body.toString()) as unknown,
    };
  };
  /**
   * The app's own sweep (its service over the app's store and database), run once as it would be two hours
   * from now: past the grace of an hour, and past any file work still in progress. Resolves with what it
   * logged at `level`; anything logged at the other level fails.
   */
  const sweptTwoHoursLater = async (level: 'info' | 'warn') => {
    const service = new AttachmentService({
      repository: t.services.repository,
      store: new FileSystemAttachmentStore(path.join(t.dataDir, 'attachments')),
      spoolDir: spoolDir(),
    });
    let logger = {} as FastifyBaseLogger;
    const logged = new Promise((resolve, reject) => {
      logger = (level === 'info'
        ? { info: resolve, warn: reject }
        : { info: reject, warn: resolve }) as unknown as FastifyBaseLogger;
    });
    const stop = startUnsentUploadSweep(service, {
      graceSeconds: 3600,
      logger,
      now: () => Date.now() + 2 * 3600_000,
    });
    try {
      return await logged;
    } finally {
      stop();
    }
  };
  /** Uploads one file under a fresh message id and sends that message. */
  const sendFile = async (user: TestUser, bytes: Buffer, fileName: string, caption = '') => {
    const clientMessageId = randomUUID();
    const attachment = await uploaded(user, bytes, fileName, { clientMessageId });
    return sent(user, clientMessageId, [attachment.id], caption);
  };

  it('a photo gets its size and a thumbnail, and members see it in place with safe headers', async () => {
    const message = await sendFile(ann, await png(800, 600), 'holiday.png');
    expect(message.content).toBe('');
    expect(message.attachments).toEqual([
      expect.objectContaining({
        kind: 'image',
        mimeType: 'image/png',
        width: 800,
        height: 600,
        hasThumbnail: true,
        fileName: 'holiday.png',
      }),
    ]);
    const attachment = onlyAttachment(message);
    const file = await fetchFile(bob, attachment.id);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('content-disposition')).toMatch(/^inline; filename="holiday.png"/);
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-security-policy')).toContain('sandbox');
    expect(file.body.equals(await png(800, 600))).toBe(true);
    const thumbnail = await fetchFile(bob, attachment.id, '/thumbnail');
    expect(thumbnail.headers.get('content-type')).toBe('image/webp');
    const size = await sharp(thumbnail.body).metadata();
    expect([size.width, size.height]).toEqual([LIMITS.thumbnailMaxPixels, 240]);
    const history = await fetch(`${baseUrl}/api/conversations/${conversationId}/messages`, {
      headers: bob.auth,
    });
    expect(((await history.json()) as MessagePage).messages[0]?.attachments).toEqual(message.attachments);
  });

  it('a non-member cannot fetch an attachment by id, and guessed ids answer like missing ones', async () => {
    const message = await sendFile(ann, await png(), 'private.png');
    const id = onlyAttachment(message).id;
    const carolFile = await fetchFile(carol, id);
    expect(carolFile.status).toBe(404);
    expect(carolFile.json()).toMatchObject({ error: { code: 'ATTACHMENT_NOT_FOUND' } });
    expect((await fetchFile(carol, id, '/thumbnail')).status).toBe(404);
    const guessed = await fetchFile(bob, randomUUID());
    expect(guessed.status).toBe(404);
    expect(guessed.json()).toEqual((await fetchFile(carol, id)).json());
    expect((await fetchFile(undefined, id)).status).toBe(401);
    // The content hash is not a way in either: nothing is served by hash or by path.
    const hashGuess = await fetch(`${baseUrl}/api/attachments/${'0'.repeat(64)}`, { headers: carol.auth });
    expect(hashGuess.status).toBe(404);
    expect((await fetch(`${baseUrl}/attachments/blobs/`, { headers: bob.auth })).status).toBe(404);
    // A non-member cannot upload into the conversation either.
    expect((await upload(carol, await png(), 'x.png')).status).toBe(404);
  });

  it('an upload not sent yet is its uploader’s alone', async () => {
    const attachment = await uploaded(ann, await png(), 'draft.png');
    expect((await fetchFile(ann, attachment.id)).status).toBe(200);
    expect((await fetchFile(bob, attachment.id)).status).toBe(404);
  });

  it('a file with an HTML body named .png is refused; named .html it is served as a text download', async () => {
    const disguised = await upload(ann, HTML_PAGE, 'cat.png');
    expect(disguised.status).toBe(415);
    expect(await disguised.json()).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    const message = await sendFile(ann, HTML_PAGE, 'page.html');
    const attachment = onlyAttachment(message);
    expect(attachment).toMatchObject({ kind: 'file', mimeType: 'text/plain', hasThumbnail: false });
    const file = await fetchFile(bob, attachment.id);
    expect(file.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="page.html"/);
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    // An SVG (which runs scripts when shown) is never an image here.
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const svgRefused = await upload(ann, svg, 'logo.svg');
    expect(svgRefused.status).toBe(415);
    const svgAsFile = await sendFile(ann, svg, 'logo.txt');
    expect(svgAsFile.attachments[0]).toMatchObject({ kind: 'file' });
    expect((await fetchFile(bob, onlyAttachment(svgAsFile).id)).headers.get('content-disposition')).toMatch(
      /^attachment/,
    );
  });

  it('programs are refused, and a voice message must be a recording', async () => {
    const exe = Buffer.concat([
      Buffer.from('MZ'),
      Buffer.alloc(0x3c - 2),
      Buffer.from([0x80, 0, 0, 0]),
      Buffer.alloc(0x40),
      Buffer.from('PE\0\0'),
      Buffer.alloc(200),
    ]);
    const program = await upload(ann, exe, 'invoice.pdf');
    expect(program.status).toBe(415);
    expect((await upload(ann, Buffer.from('just words'), 'voice.webm', { voice: true })).status).toBe(415);
  });

  it('stores the same bytes once, and deletes them when the last message using them is deleted', async () => {
    const photo = await png(400, 300, '#00aa55');
    const first = await sendFile(ann, photo, 'a.png', 'Regarde');
    const second = await sendFile(bob, photo, 'b.png');
    expect(onlyAttachment(first).id).not.toBe(onlyAttachment(second).id);
    expect(filesUnder(blobsDir())).toHaveLength(1);
    expect(filesUnder(thumbnailsDir())).toHaveLength(1);

    const remove = (user: TestUser, messageId: string) =>
      fetch(`${baseUrl}/api/conversations/${conversationId}/messages/${messageId}`, {
        method: 'DELETE',
        headers: user.auth,
      });
    expect((await remove(ann, first.id)).status).toBe(204);
    expect(filesUnder(blobsDir())).toHaveLength(1);
    expect((await fetchFile(bob, onlyAttachment(first).id)).status).toBe(404);
    expect((await fetchFile(ann, onlyAttachment(second).id)).status).toBe(200);
    const history = await fetch(`${baseUrl}/api/conversations/${conversationId}/messages`, {
      headers: bob.auth,
    });
    const deleted = ((await history.json()) as MessagePage).messages.find(
      (message) => message.id === first.id,
    );
    expect(deleted?.attachments).toEqual([]);

    expect((await remove(bob, second.id)).status).toBe(204);
    expect(filesUnder(blobsDir())).toEqual([]);
    expect(filesUnder(thumbnailsDir())).toEqual([]);
  });

  it('uploads never sent are swept after the grace period; bytes a sent message shares stay', async () => {
    const photo = await png(400, 300, '#3355aa');
    const kept = await sendFile(ann, photo, 'kept.png', 'Voilà');
    // The same photo uploaded for a message never sent, and a file no message will ever take.
    const sharedBytes = await uploaded(ann, photo, 'again.png');
    const abandoned = await uploaded(ann, Buffer.from('brouillon abandonné'), 'draft.txt');
    expect(filesUnder(blobsDir())).toHaveLength(2);

    expect(await sweptTwoHoursLater('info')).toEqual({ removedFiles: 1 });
    expect(filesUnder(blobsDir())).toHaveLength(1);
    expect((await fetchFile(ann, abandoned.id)).status).toBe(404);
    expect((await fetchFile(ann, sharedBytes.id)).status).toBe(404);
    const stillThere = await fetchFile(bob, onlyAttachment(kept).id);
    expect(stillThere.status).toBe(200);
    expect(stillThere.body.equals(photo)).toBe(true);
  });

  it('the sweep finishes what a crash interrupted: set-aside bytes go back, partial files go', async () => {
    const photo = await png(200, 100, '#aa3355');
    const attachment = onlyAttachment(await sendFile(ann, photo, 'photo.png'));
    // A crash between setting the bytes aside and putting them back, and a crash in the middle of a put of
    // other bytes and of an upload's spooling.
    const [blob = ''] = filesUnder(blobsDir());
    const [thumbnail = ''] = filesUnder(thumbnailsDir());
    fs.renameSync(blob, `${blob}.${randomUUID()}.aside`);
    fs.copyFileSync(thumbnail, `${thumbnail}.${randomUUID()}.aside`);
    fs.writeFileSync(`${path.join(path.dirname(blob), 'f'.repeat(64))}.${randomUUID()}.part`, 'half');
    fs.writeFileSync(path.join(spoolDir(), `${randomUUID()}.upload`), 'half an upload');
    expect((await fetchFile(bob, attachment.id)).status).toBe(404);

    expect(await sweptTwoHoursLater('warn')).toEqual({ recoveredFiles: 4 });
    const served = await fetchFile(bob, attachment.id);
    expect(served.status).toBe(200);
    expect(served.body.equals(photo)).toBe(true);
    expect(filesUnder(blobsDir())).toEqual([blob]);
    expect(filesUnder(thumbnailsDir())).toEqual([thumbnail]);
    expect(filesUnder(spoolDir())).toEqual([]);
  });

  // The sweep found these bytes unused and is about to remove their files when the same photo is uploaded
  // again: the upload lands while the sweep is paused before setting the files aside, or after.
  it.each(['before', 'after'] as const)(
    'an identical upload racing the sweep keeps its bytes (it lands %s the files are set aside)',
    async (when) => {
      const photo = await png(300, 200, '#228844');
      await uploaded(ann, photo, 'draft.png');
      const files = new FileSystemAttachmentStore(path.join(t.dataDir, 'attachments'));
      let reached = () => {};
      const atGate = new Promise<void>((resolve) => (reached = resolve));
      let open = () => {};
      const gate = new Promise<void>((resolve) => (open = resolve));
      const pauseAt = async (key: string, moment: typeof when) => {
        if (key.startsWith('blobs/') && moment === when) {
          reached();
          await gate;
        }
      };
      const paused: AttachmentStore = {
        put: (key, bytes) => files.put(key, bytes),
        get: (key) => files.get(key),
        exists: (key) => files.exists(key),
        recoverInterrupted: (before) => files.recoverInterrupted(before),
        setAside: async (key) => {
          await pauseAt(key, 'before');
          const aside = await files.setAside(key);
          await pauseAt(key, 'after');
          return aside;
        },
      };
      const service = new AttachmentService({
        repository: t.services.repository,
        store: paused,
        spoolDir: spoolDir(),
      });
      const sweeping = service.sweepUnsent(new Date(Date.now() + 3600_000));
      await atGate;
      const message = await sendFile(ann, photo, 'photo.png', 'Regarde');
      open();
      expect(await sweeping).toBe(1);

      const attachment = onlyAttachment(message);
      const file = await fetchFile(bob, attachment.id);
      expect(file.status).toBe(200);
      expect(file.body.equals(photo)).toBe(true);
      expect((await fetchFile(bob, attachment.id, '/thumbnail')).status).toBe(200);
      expect(filesUnder(blobsDir())).toHaveLength(1);
      expect(filesUnder(thumbnailsDir())).toHaveLength(1);
    },
  );

  it('refuses a file over the size limit with 413 and keeps nothing of it', async () => {
    const tooLarge = Buffer.alloc(LIMITS.attachmentMaxBytes + 1, 0x61);
    const response = await upload(ann, tooLarge, 'big.txt');
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(filesUnder(blobsDir())).toEqual([]);
    expect(filesUnder(spoolDir())).toEqual([]);
  });

  it('refuses more files than a message carries with 400', async () => {
    const clientMessageId = randomUUID();
    const past = await upload(ann, Buffer.from('one too many'), 'n.txt', {
      clientMessageId,
      position: LIMITS.attachmentsPerMessageMax,
    });
    expect(past.status).toBe(400);
    expect(await past.json()).toMatchObject({ error: { code: 'TOO_MANY_ATTACHMENTS' } });
    const ids = Array.from({ length: LIMITS.attachmentsPerMessageMax + 1 }, () => randomUUID());
    expect((await send(ann, clientMessageId, ids)).status).toBe(400);
  });

  it('a retried upload or send never stores anything twice', async () => {
    const clientMessageId = randomUUID();
    const photo = await png();
    const first = await uploaded(ann, photo, 'p.png', { clientMessageId });
    const retried = await uploaded(ann, photo, 'p.png', { clientMessageId });
    expect(retried.id).toBe(first.id);
    // A retry with other bytes (the user swapped the file before sending) replaces them in place.
    const replaced = await uploaded(ann, Buffer.from('notes'), 'notes.txt', { clientMessageId });
    expect(replaced).toMatchObject({ id: first.id, kind: 'file', fileName: 'notes.txt' });
    expect(filesUnder(blobsDir())).toHaveLength(1);
    expect(filesUnder(thumbnailsDir())).toEqual([]);

    const message = await sent(ann, clientMessageId, [first.id], 'Mes notes');
    const resend = await send(ann, clientMessageId, [first.id], 'Mes notes');
    expect(resend.status).toBe(200);
    expect(((await resend.json()) as SentMessage).message).toEqual(message);
    // An upload retried after its message went out changes nothing.
    const late = await uploaded(ann, photo, 'p.png', { clientMessageId });
    expect(late.id).toBe(first.id);
    expect(late.kind).toBe('file');
    expect(filesUnder(blobsDir())).toHaveLength(1);
    const history = await fetch(`${baseUrl}/api/conversations/${conversationId}/messages`, {
      headers: bob.auth,
    });
    const messages = ((await history.json()) as MessagePage).messages;
    expect(messages).toHaveLength(1);
    expect(messages[0]?.attachments.map((attachment) => attachment.id)).toEqual([first.id]);
  });

  it('a message names only its sender’s own uploads made for it', async () => {
    const bobsUpload = await uploaded(bob, Buffer.from('bob'), 'bob.txt');
    const stolen = await send(ann, randomUUID(), [bobsUpload.id]);
    expect(stolen.status).toBe(404);
    expect(await stolen.json()).toMatchObject({ error: { code: 'ATTACHMENT_NOT_FOUND' } });
    const own = await uploaded(ann, Buffer.from('ann'), 'ann.txt');
    // Made for another message id.
    expect((await send(ann, randomUUID(), [own.id])).status).toBe(404);
    // An empty message with no file is still refused.
    expect((await send(ann, randomUUID(), [])).status).toBe(400);
  });

  it('a caption is translated like any message; a photo alone queues no translation', async () => {
    const before = await t.services.repository.countTranslationJobs();
    await sendFile(ann, await png(), 'alone.png');
    expect(await t.services.repository.countTranslationJobs()).toBe(before);
    await sendFile(ann, await png(), 'captioned.png', 'Le coucher de soleil');
    expect(await t.services.repository.countTranslationJobs()).toBe(before + 1);
  });

  it('a voice recording is an audio attachment played in place', async () => {
    // The first bytes of a WebM file as MediaRecorder writes it (EBML header, DocType "webm").
    const webm = Buffer.from(
      '1a45dfa39f4286810142f7810142f2810442f381084282847765626d4287810442858102',
      'hex',
    );
    const message = await sendFile(ann, Buffer.concat([webm, Buffer.alloc(512)]), 'voice.webm');
    expect(message.attachments[0]).toMatchObject({ kind: 'file' });
    const clientMessageId = randomUUID();
    const voice = await uploaded(ann, Buffer.concat([webm, Buffer.alloc(512)]), 'voice.webm', {
      clientMessageId,
      voice: true,
    });
    expect(voice).toMatchObject({ kind: 'audio', mimeType: 'audio/webm' });
    await sent(ann, clientMessageId, [voice.id]);
    const file = await fetchFile(bob, voice.id);
    expect(file.headers.get('content-type')).toBe('audio/webm');
    expect(file.headers.get('content-disposition')).toMatch(/^inline/);
  });
});
