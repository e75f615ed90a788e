// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { usePrefs } from '../settings/prefsStore.ts';
import { useConversations } from '../conversations/conversationsStore.ts';
import { ChatView } from './ChatView.tsx';

beforeEach(() => {
  usePrefs.setState({ uiLanguage: 'en' });
  useConversations.getState().reset();
  useConversations.getState().setList([
    {
      id: 'a',
      type: 'group',
      title: 'Trip',
      description: null,
      createdAt: '2026-01-01T00:00:00Z',
      lastMessageAt: null,
      myRole: 'member',
      memberCount: 3,
      lastMessage: null,
      unreadCount: 0,
      unreadMentionCount: 0,
      peer: null,
    },
  ]);
});
afterEach(cleanup);

describe('ChatView after a removal', () => {
  it('tells the reader they were removed from the group they had open, and focuses that message', () => {
    useConversations.setState({ selectedId: 'a' });
    render(<ChatView />);
    act(() => {
      useConversations.getState().removedByServer('a');
    });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('You were removed from “Trip”.');
    expect(document.activeElement).toBe(alert);
    fireEvent.click(screen.getByRole('button', { name: 'OK' }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText('Select a conversation, or start a new one.')).toBeTruthy();
  });
});
