import fs from 'node:fs';
import { fileTypeFromFile } from 'file-type';
import type { AttachmentKind } from '../../contract/attachments.ts';
import { AppError } from '../errors.ts';

/** Images a browser shows and sharp previews; anything else (SVG above all, which runs scripts) is a file. */
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
/** Sounds the bubble's player plays. */
const AUDIO_TYPES = new Set([
  'audio/webm',
  'audio/ogg',
  'audio/mpeg',
  'audio/mp4',
  'audio/wav',
  'audio/x-wav',
]);
/** Programs: a messenger is how they travel to someone who runs them by mistake. */
const REFUSED_TYPES = new Set([
  'application/x-msdownload',
  'application/vnd.microsoft.portable-executable',
  'application/x-elf',
  'application/x-mach-binary',
  'application/x-msi',
]);
const IMAGE_NAME = /\.(png|jpe?g|gif|webp|bmp|avif|heic|svg)$/i;
/** How much of a file without a known signature is read to decide whether it is text. */
const TEXT_PROBE_BYTES = 64 * 1024;

export interface SniffedType {
  mimeType: string;
  kind: AttachmentKind;
}

const refused = (message: string) => new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', message);

/** UTF-8 without control characters other than whitespace: a text, whatever markup it may contain. */
async function looksLikeText(file: string): Promise<boolean> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(TEXT_PROBE_BYTES), 0, TEXT_PROBE_BYTES, 0);
    const probe = buffer.subarray(0, bytesRead);
    if (probe.some((byte) => byte < 0x09 || (byte > 0x0d && byte < 0x20 && byte !== 0x1b))) return false;
    // stream: true lets the probe end in the middle of a character.
    new TextDecoder('utf-8', { fatal: true }).decode(probe, { stream: true });
    return true;
  } catch {
    return false;
  } finally {
    await handle.close();
  }
}

/**
 * What a file is, from its bytes alone: the name the sender gave only serves to refuse a file that claims to
 * be an image and is not (an HTML page named `.png`). A text is `text/plain` whatever it holds, so it is
 * never served as a page.
 */
export async function sniffContentType(file: string, fileName: string, voice: boolean): Promise<SniffedType> {
  const detected = await fileTypeFromFile(file);
  const mimeType =
    detected?.mime ?? ((await looksLikeText(file)) ? 'text/plain' : 'application/octet-stream');
  if (REFUSED_TYPES.has(mimeType)) throw refused('Programs cannot be sent');
  if (voice) {
    // MediaRecorder's voice recordings are WebM (or Ogg) containers holding only sound; the bytes stay
    // described as they are, the attachment is a sound (see presentedMimeType).
    if (mimeType === 'video/webm' || AUDIO_TYPES.has(mimeType)) return { mimeType, kind: 'audio' };
    throw refused('A voice message must be a recording');
  }
  if (IMAGE_TYPES.has(mimeType)) return { mimeType, kind: 'image' };
  if (IMAGE_NAME.test(fileName)) throw refused('The file is named as an image but its content is not one');
  if (AUDIO_TYPES.has(mimeType)) return { mimeType, kind: 'audio' };
  return { mimeType, kind: 'file' };
}

/**
 * Types a browser may show in place: images and sounds, which cannot run anything. Every other file is
 * served as a download, and as a type that no browser renders as a page.
 */
export function servedInline(mimeType: string): boolean {
  return IMAGE_TYPES.has(mimeType) || AUDIO_TYPES.has(mimeType);
}

export function servedType(mimeType: string): string {
  if (servedInline(mimeType)) return mimeType;
  if (mimeType === 'text/plain') return 'text/plain; charset=utf-8';
  if (/html|xml|svg|script/i.test(mimeType)) return 'application/octet-stream';
  return mimeType;
}
