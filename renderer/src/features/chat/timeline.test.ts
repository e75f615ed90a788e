import { describe, expect, it } from 'vitest';
import type { MessageDto } from '../../../../contract/messages.ts';
import { markDeleted, mergePage, upsertMessage } from './timeline.ts';
import { readersByMessage } from './readState.ts';

const msg = (id: string, seq: number, version = seq, sender = 'a'): MessageDto =>
  ({
    id,
    seq,
    version,
    content: id,
    sender: { id: sender },
    deletedAt: null,
    reactions: [],
  }) as unknown as MessageDto;

describe('timeline', () => {
  it('keeps seq order whatever the arrival order, without duplicates', () => {
    const merged = mergePage([msg('a', 1), msg('c', 3)], [msg('d', 4), msg('b', 2), msg('c', 3)]);
    expect(merged.map((m) => m.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('ignores an older copy of a message it already has', () => {
    const edited = { ...msg('a', 1, 5), content: 'edited' };
    const list = upsertMessage([edited], msg('a', 1, 2));
    expect(list[0]?.content).toBe('edited');
    expect(upsertMessage(list, { ...msg('a', 1, 6), content: 'newer' })[0]?.content).toBe('newer');
  });

  it('blanks a deleted message only for a newer version', () => {
    expect(markDeleted([msg('a', 1, 3)], 'a', 4)[0]).toMatchObject({ content: '', version: 4 });
    expect(markDeleted([msg('a', 1, 3)], 'a', 2)[0]).toMatchObject({ content: 'a' });
  });
});

describe('readersByMessage', () => {
  it('counts a reader for every message up to the one they read, except their own', () => {
    const messages = [msg('m1', 1, 1, 'me'), msg('m2', 2, 2, 'bob'), msg('m3', 3, 3, 'me')];
    const readers = readersByMessage(messages, { bob: 2 });
    expect(readers.get('m1')).toEqual(['bob']);
    expect(readers.has('m2')).toBe(false);
    expect(readers.has('m3')).toBe(false);
  });
});
