import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { AttachmentBytes } from '../../../contract/attachments.ts';
import { LIMITS } from '../../../contract/limits.ts';
import { routes } from '../../../contract/routes.ts';
import type { AttachmentService, ServedAttachment } from '../../attachments/attachment-service.ts';
import { AppError } from '../../errors.ts';
import type { AppServices } from '../../services.ts';
import { requireAuthentication } from '../authenticate.ts';
import { serveRoute } from '../serve-route.ts';

/** `filename*` (RFC 6266/5987) carries any name; the plain `filename` is its ASCII shadow for old readers. */
function contentDisposition(inline: boolean, fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Sends a file's bytes with the headers that keep it from ever acting as a page: its sniffed type (never
 * HTML), `nosniff`, a sandboxing CSP, and `attachment` unless it is an image or a sound. The route's answer
 * type describes what the client reads (bytes); Fastify streams them.
 */
function sendBytes(reply: FastifyReply, served: ServedAttachment): AttachmentBytes {
  void reply
    .header('content-type', served.contentType)
    .header('content-disposition', contentDisposition(served.inline, served.fileName))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "sandbox; default-src 'none'")
    // The bytes at an id never change, but who may read them can: kept by this user's client only.
    .header('cache-control', 'private, max-age=3600')
    .send(served.bytes);
  return reply as unknown as AttachmentBytes;
}

export const attachmentRoutes: FastifyPluginAsync<{
  services: AppServices;
  attachments: AttachmentService | undefined;
}> = async (app, { services, attachments }) => {
  requireAuthentication(app, services.auth);
  // Streamed: the file goes to disk as it arrives, and the stream fails (413) past the size limit.
  await app.register(multipart, {
    limits: { fileSize: LIMITS.attachmentMaxBytes, files: 1, fields: 0, parts: 1, headerPairs: 100 },
  });
  const service = (): AttachmentService => {
    if (!attachments) throw new AppError(503, 'SERVER_BUSY', 'This server stores no attachments');
    return attachments;
  };

  serveRoute(app, routes.uploadAttachment, async (request, reply) => {
    await service().checkUploader(request.userId, request.params.conversationId);
    const file = await request.file();
    if (!file) throw new AppError(400, 'BAD_REQUEST', 'Expected one file in a multipart/form-data body');
    const uploaded = await service().upload(request.userId, {
      conversationId: request.params.conversationId,
      clientMessageId: request.query.clientMessageId,
      position: request.query.position,
      voice: request.query.voice === 'true',
      fileName: file.filename,
      bytes: file.file,
      truncated: () => file.file.truncated,
    });
    reply.status(201);
    return uploaded;
  });

  serveRoute(app, routes.attachmentFile, async (request, reply) =>
    sendBytes(reply, await service().open(request.userId, request.params.attachmentId, 'file')),
  );

  serveRoute(app, routes.attachmentThumbnail, async (request, reply) =>
    sendBytes(reply, await service().open(request.userId, request.params.attachmentId, 'thumbnail')),
  );
};
