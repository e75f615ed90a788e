import { beforeEach, describe, expect, it } from 'vitest';
import type { ConversationSummary } from '../../../../contract/conversations.ts';
import { requestTicket, useConversations } from './conversationsStore.ts';

function summary(id: string, title: string): ConversationSummary {
  return {
    id,
    type: 'group',
    title,
    description: null,
    createdAt: '2026-01-01T00:00:00Z',
    lastMessageAt: null,
    myRole: 'member',
    memberCount: 2,
    lastMessage: null,
    unreadCount: 0,
    unreadMentionCount: 0,
    peer: null,
  };
}

beforeEach(() => {
  useConversations.getState().reset();
  useConversations.getState().setList([summary('a', 'Trip'), summary('b', 'Work')]);
});

describe('conversationsStore: removal by the server', () => {
  it('says so when the conversation being read is taken away', () => {
    useConversations.getState().select('a');
    useConversations.getState().removedByServer('a');
    const s = useConversations.getState();
    expect(s.list.map((c) => c.id)).toEqual(['b']);
    expect(s.selectedId).toBeNull();
    expect(s.removedNotice).toEqual({ conversationId: 'a', title: 'Trip' });
    // Opening another conversation puts the notice away.
    s.select('b');
    expect(useConversations.getState().removedNotice).toBeNull();
  });

  it('drops a conversation that is not open without any notice', () => {
    useConversations.getState().select('b');
    useConversations.getState().removedByServer('a');
    const s = useConversations.getState();
    expect(s.list.map((c) => c.id)).toEqual(['b']);
    expect(s.selectedId).toBe('b');
    expect(s.removedNotice).toBeNull();
  });

  it('does not call a leave made from another window an eviction', () => {
    useConversations.getState().select('a');
    useConversations.getState().removedByServer('a', 'left');
    const s = useConversations.getState();
    expect(s.list.map((c) => c.id)).toEqual(['b']);
    expect(s.selectedId).toBeNull();
    expect(s.removedNotice).toBeNull();
  });

  it('does not call one’s own leave an eviction', () => {
    useConversations.getState().select('a');
    useConversations.getState().setLeaving('a');
    useConversations.getState().removedByServer('a');
    const s = useConversations.getState();
    expect(s.list.map((c) => c.id)).toEqual(['b']);
    expect(s.removedNotice).toBeNull();
  });

  it('keeps a removed conversation out of a list or detail that was fetched before the removal', () => {
    const listTicket = requestTicket();
    const detailTicket = requestTicket();
    useConversations.getState().removedByServer('a');
    useConversations.getState().setList([summary('a', 'Trip'), summary('b', 'Work')], listTicket);
    expect(useConversations.getState().list.map((c) => c.id)).toEqual(['b']);
    useConversations.getState().setDetail({ ...summary('a', 'Trip'), members: [] }, detailTicket);
    expect(useConversations.getState().list.map((c) => c.id)).toEqual(['b']);
    // Added back (conversation:new): it is listed again, and later lists keep it.
    useConversations.getState().upsert(summary('a', 'Trip'));
    useConversations.getState().setList([summary('a', 'Trip'), summary('b', 'Work')]);
    expect(
      useConversations
        .getState()
        .list.map((c) => c.id)
        .sort(),
    ).toEqual(['a', 'b']);
  });

  it('takes a removed conversation back from a list requested after the removal (re-added while offline)', () => {
    useConversations.getState().removedByServer('a');
    const ticket = requestTicket();
    useConversations.getState().setList([summary('a', 'Trip'), summary('b', 'Work')], ticket);
    expect(
      useConversations
        .getState()
        .list.map((c) => c.id)
        .sort(),
    ).toEqual(['a', 'b']);
    expect(useConversations.getState().departed).toEqual({});
  });
});

describe('conversationsStore: answers that arrive out of order', () => {
  it('an older detail never overwrites a newer one, and an older list keeps the newer title', () => {
    const older = requestTicket();
    const newer = requestTicket();
    useConversations.getState().setDetail({ ...summary('a', 'New name'), members: [] }, newer);
    useConversations.getState().setDetail({ ...summary('a', 'Trip'), members: [] }, older);
    expect(useConversations.getState().details['a']?.title).toBe('New name');
    useConversations.getState().setList([summary('a', 'Trip'), summary('b', 'Work')], older);
    expect(useConversations.getState().list.find((c) => c.id === 'a')?.title).toBe('New name');
  });
});
