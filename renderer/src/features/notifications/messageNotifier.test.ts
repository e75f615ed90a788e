// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DesktopBridge, MessageNotice } from '../../../../contract/desktop-bridge.ts';
import { french, message, selfUser, summary } from '../../../../test-support/chat-data.ts';
import { useConversations } from '../conversations/conversationsStore.ts';
import { useTranslations } from '../translation/translationStore.ts';
import { notifyNewMessage } from './messageNotifier.ts';
import { unmutedUnread, useMutedConversations } from './mutedConversations.ts';

const reader = selfUser({ systemLanguage: 'fr' });

let notices: MessageNotice[] = [];

beforeEach(() => {
  notices = [];
  const bridge: Partial<DesktopBridge> = {
    notifyMessage: (notice) => {
      notices.push(notice);
      return Promise.resolve(true);
    },
  };
  (window as { meeshyDesktop?: unknown }).meeshyDesktop = bridge;
  useConversations.getState().setList([summary('c1', 1)]);
});

afterEach(() => {
  delete (window as { meeshyDesktop?: unknown }).meeshyDesktop;
  localStorage.clear();
  useMutedConversations.setState({ muted: {} });
});

describe('notifying a new message in the desktop app', () => {
  it('waits for the translation into the reader language and names the sender and the group', async () => {
    const incoming = message('c1', 1, { content: 'good morning' });
    const shown = notifyNewMessage(incoming, reader, 5_000);
    useTranslations.getState().applyTranslation(french(incoming, 'bonjour'));
    await expect(shown).resolves.toBe(true);
    expect(notices).toEqual([
      {
        conversationId: 'c1',
        title: 'Bruno · Conversation c1',
        body: 'bonjour',
        fromSelf: false,
        conversationMuted: false,
      },
    ]);
  });

  it('shows the original when no translation comes in time', async () => {
    await notifyNewMessage(message('c1', 2, { content: 'late news' }), reader, 30);
    expect(notices.map((n) => n.body)).toEqual(['late news']);
  });

  it('needs no wait for a message already in the reader language, and says when it is muted', async () => {
    useMutedConversations.getState().toggle('c1');
    await notifyNewMessage(message('c1', 3, { content: 'salut', originalLanguage: 'fr' }), reader, 60_000);
    expect(notices).toMatchObject([{ body: 'salut', conversationMuted: true }]);
  });

  it('never asks for the reader own messages, nor in a browser', async () => {
    const own = message('c1', 4, { sender: { id: 'u1', username: 'ana', displayName: 'Ana' } });
    await expect(notifyNewMessage(own, reader)).resolves.toBe(false);
    delete (window as { meeshyDesktop?: unknown }).meeshyDesktop;
    await expect(notifyNewMessage(message('c1', 5), reader)).resolves.toBe(false);
    expect(notices).toEqual([]);
  });
});

describe('muted conversations', () => {
  it('are remembered on this device and left out of the unread count', () => {
    useMutedConversations.getState().toggle('c2');
    expect(JSON.parse(localStorage.getItem('meeshy.mutedConversations') ?? '')).toEqual(['c2']);
    const list = [
      { id: 'c1', unreadCount: 2 },
      { id: 'c2', unreadCount: 5 },
    ];
    expect(unmutedUnread(list, useMutedConversations.getState().muted)).toBe(2);
    useMutedConversations.getState().toggle('c2');
    expect(unmutedUnread(list, useMutedConversations.getState().muted)).toBe(7);
  });
});
