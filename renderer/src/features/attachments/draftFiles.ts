import { LIMITS } from '../../../../contract/limits.ts';
import { characterCount } from '../../../../contract/messages.ts';
import type { OutboxAttachment } from './outboxAttachments.ts';

/** A file chosen in the composer, not sent yet. */
export interface DraftFile {
  file: Blob;
  fileName: string;
  voice: boolean;
}

export type DraftProblem = { kind: 'tooMany' } | { kind: 'tooLarge'; fileName: string };

/**
 * Adds chosen files to the draft, keeping what the server would accept: at most the count per message, none
 * over the size limit. Returns the new draft and the first problem met, to tell the writer.
 */
export function addDraftFiles(
  draft: readonly DraftFile[],
  added: readonly DraftFile[],
): { draft: DraftFile[]; problem: DraftProblem | null } {
  const next = [...draft];
  let problem: DraftProblem | null = null;
  for (const file of added) {
    if (file.file.size > LIMITS.attachmentMaxBytes) {
      problem ??= { kind: 'tooLarge', fileName: file.fileName };
    } else if (next.length >= LIMITS.attachmentsPerMessageMax) {
      problem ??= { kind: 'tooMany' };
    } else {
      next.push(file);
    }
  }
  return { draft: next, problem };
}

/** What the outbox keeps of the draft's files: each file's place in the message is its index. */
export function toOutboxAttachments(draft: readonly DraftFile[]): OutboxAttachment[] {
  return draft.map((file, position) => ({
    position,
    fileName: file.fileName,
    mimeType: file.file.type,
    sizeBytes: file.file.size,
    voice: file.voice,
  }));
}

/** Whether pasting `pasted` into `current` would take the message over its limit (and so is offered as a file). */
export function pasteOverflows(current: string, pasted: string): boolean {
  return characterCount(current) + characterCount(pasted) > LIMITS.messageMaxLength;
}

/** A long pasted text as a file to attach, named after its first words. */
export function textAsFile(text: string): DraftFile {
  const words = text
    .trim()
    .split(/\s+/)
    .slice(0, 4)
    .join('-')
    .replace(/[^\p{L}\p{N}-]/gu, '');
  return {
    file: new Blob([text], { type: 'text/plain' }),
    fileName: `${words.slice(0, 40) || 'text'}.txt`,
    voice: false,
  };
}

/** A size as people read it: 820 B, 14 KB, 3.2 MB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
