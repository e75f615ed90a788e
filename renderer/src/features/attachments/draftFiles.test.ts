import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../../contract/limits.ts';
import {
  addDraftFiles,
  formatSize,
  pasteOverflows,
  textAsFile,
  toOutboxAttachments,
  type DraftFile,
} from './draftFiles.ts';

const file = (name: string, size = 10): DraftFile => ({
  file: new Blob([new Uint8Array(size)]),
  fileName: name,
  voice: false,
});

describe('draft files', () => {
  it('keeps at most the count per message and tells why the rest was left out', () => {
    const many = Array.from({ length: LIMITS.attachmentsPerMessageMax + 2 }, (_, index) => file(`f${index}`));
    const { draft, problem } = addDraftFiles([], many);
    expect(draft).toHaveLength(LIMITS.attachmentsPerMessageMax);
    expect(problem).toEqual({ kind: 'tooMany' });
  });

  it('refuses a file over the size limit before it is ever uploaded', () => {
    const big = { file: { size: LIMITS.attachmentMaxBytes + 1 } as Blob, fileName: 'big.iso', voice: false };
    const { draft, problem } = addDraftFiles([file('a')], [big, file('b')]);
    expect(draft.map((f) => f.fileName)).toEqual(['a', 'b']);
    expect(problem).toEqual({ kind: 'tooLarge', fileName: 'big.iso' });
  });

  it('numbers the files by their place in the message', () => {
    expect(toOutboxAttachments([file('a', 3), { ...file('v', 5), voice: true }])).toEqual([
      { position: 0, fileName: 'a', mimeType: '', sizeBytes: 3, voice: false },
      { position: 1, fileName: 'v', mimeType: '', sizeBytes: 5, voice: true },
    ]);
  });

  it('offers a paste as a file only when it would go over the message limit', async () => {
    expect(pasteOverflows('a'.repeat(10), 'b'.repeat(LIMITS.messageMaxLength - 10))).toBe(false);
    expect(pasteOverflows('a'.repeat(10), 'b'.repeat(LIMITS.messageMaxLength - 9))).toBe(true);
    // Counted as people count characters: an emoji is one.
    expect(pasteOverflows('', '😀'.repeat(LIMITS.messageMaxLength))).toBe(false);
    const long = textAsFile('Le rapport complet: ventes, marges et prévisions\n...');
    expect(long.fileName).toBe('Le-rapport-complet-ventes.txt');
    expect(await long.file.text()).toContain('prévisions');
  });

  it('formats sizes for people', () => {
    expect([formatSize(820), formatSize(14 * 1024), formatSize(3.2 * 1024 * 1024)]).toEqual([
      '820 B',
      '14 KB',
      '3.2 MB',
    ]);
  });
});
