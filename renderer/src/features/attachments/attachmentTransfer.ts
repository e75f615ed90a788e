import type { AttachmentDto } from '../../../../contract/attachments.ts';
import { routes } from '../../../../contract/routes.ts';
import { routeUrl } from '../../../../contract/route-spec.ts';
import { ApiError, isApiErrorBody } from '../../lib/api/apiError.ts';

export interface TransferContext {
  baseUrl: string;
  accessToken: () => Promise<string | null>;
}

export interface UploadInput {
  conversationId: string;
  clientMessageId: string;
  position: number;
  file: Blob;
  fileName: string;
  voice: boolean;
  /** Fraction sent so far, 0 to 1. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

function errorOf(status: number, body: unknown): ApiError {
  if (isApiErrorBody(body)) return new ApiError(status, body.error.code, body.error.message);
  return new ApiError(status, 'UNKNOWN', `HTTP ${status}`);
}

/**
 * Uploads one file of a message (routes.uploadAttachment). XMLHttpRequest rather than fetch: only it reports
 * upload progress. The server ties the file to (clientMessageId, position), so sending it again after a
 * failure or a restart lands on the same attachment.
 */
export async function uploadAttachment(context: TransferContext, input: UploadInput): Promise<AttachmentDto> {
  const token = await context.accessToken();
  const url =
    context.baseUrl +
    routeUrl(routes.uploadAttachment, {
      params: { conversationId: input.conversationId },
      query: {
        clientMessageId: input.clientMessageId,
        position: input.position,
        ...(input.voice ? { voice: 'true' } : {}),
      },
    });
  const form = new FormData();
  form.append('file', input.file, input.fileName);
  return new Promise<AttachmentDto>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', url);
    if (token !== null) request.setRequestHeader('authorization', `Bearer ${token}`);
    request.responseType = 'json';
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) input.onProgress?.(event.loaded / event.total);
    };
    request.onload = () => {
      const body: unknown = request.response;
      if (request.status >= 200 && request.status < 300) resolve(body as AttachmentDto);
      else reject(errorOf(request.status, body));
    };
    request.onerror = () => {
      reject(new ApiError(0, 'NETWORK', 'upload failed'));
    };
    request.onabort = () => {
      reject(new DOMException('upload cancelled', 'AbortError'));
    };
    input.signal?.addEventListener('abort', () => {
      request.abort();
    });
    request.send(form);
  });
}

/** An attachment's bytes (or its thumbnail's), fetched with the access token: an <img src> could not send it. */
export async function fetchAttachment(
  context: TransferContext,
  attachmentId: string,
  variant: 'file' | 'thumbnail',
): Promise<Blob> {
  const route = variant === 'file' ? routes.attachmentFile : routes.attachmentThumbnail;
  const token = await context.accessToken();
  const response = await fetch(context.baseUrl + routeUrl(route, { params: { attachmentId } }), {
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
  });
  if (!response.ok) throw errorOf(response.status, await response.json().catch(() => null));
  return response.blob();
}
