// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConversationDetail } from '../../../../contract/conversations.ts';
import { mentionToken } from '../../../../contract/mentions.ts';
import type { PublicUser, SelfUser } from '../../../../contract/users.ts';
import { useAuth } from '../auth/authStore.ts';
import { Composer } from '../chat/composer/Composer.tsx';
import { useConversations } from '../conversations/conversationsStore.ts';
import { usePrefs } from '../settings/prefsStore.ts';
import { engine } from '../sync/engine.ts';
import { applyUserUpdate } from '../sync/userUpdates.ts';
import { MentionText } from './MentionText.tsx';

const user = (id: string, displayName: string, username: string): PublicUser => ({
  id,
  username,
  displayName,
  systemLanguage: 'fr',
  isOnline: false,
  lastSeenAt: null,
});
const alice = user('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'Alice', 'alice');
const bruno = user('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'Bruno Martin', 'bruno');
const chloe = user('cccccccc-cccc-4ccc-8ccc-cccccccccccc', 'Chloé', 'chloe');

function setMembers(members: PublicUser[]) {
  const detail: ConversationDetail = {
    id: 'g',
    type: 'group',
    title: 'Trip',
    description: null,
    createdAt: '2026-01-01T00:00:00Z',
    lastMessageAt: null,
    myRole: 'admin',
    memberCount: members.length,
    lastMessage: null,
    unreadCount: 0,
    unreadMentionCount: 0,
    peer: null,
    members: members.map((member) => ({
      user: member,
      role: 'member',
      joinedAt: '2026-01-01T00:00:00Z',
      lastReadSeq: 0,
    })),
  };
  act(() => {
    useConversations.getState().setDetail(detail);
  });
}

function signInAs(self: PublicUser) {
  useAuth.setState({
    session: {
      accessToken: 'a',
      refreshToken: 'r',
      expiresAt: Date.now() + 60_000,
      user: { ...self, email: 'x@example.test' } as SelfUser,
    },
  });
}

beforeEach(() => {
  usePrefs.setState({ uiLanguage: 'en' });
  useConversations.getState().reset();
  signInAs(alice);
  setMembers([alice, bruno, chloe]);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('MentionText', () => {
  it('shows each mention under the member’s current name, and marks the reader’s own', () => {
    signInAs(bruno);
    const text = `Salut ${mentionToken(bruno.id)} et ${mentionToken(chloe.id)} !`;
    const { container, rerender } = render(<MentionText text={text} conversationId="g" />);
    expect(container.textContent).toBe('Salut @Bruno Martin et @Chloé !');
    const mine = container.querySelector('.mention-self');
    expect(mine?.textContent).toBe('@Bruno Martin');
    expect(container.querySelectorAll('.mention')).toHaveLength(2);

    // Chloé renames herself: the same message now reads with her new name.
    setMembers([alice, bruno, { ...chloe, displayName: 'Chloé B.' }]);
    rerender(<MentionText text={text} conversationId="g" />);
    expect(container.textContent).toBe('Salut @Bruno Martin et @Chloé B. !');

    // Someone no longer a member is named as such, never by their raw id.
    setMembers([alice, bruno]);
    rerender(<MentionText text={text} conversationId="g" />);
    expect(container.textContent).toBe('Salut @Bruno Martin et @former member !');
  });

  it('re-renders at once when the server says a member renamed themself', () => {
    const text = `Salut ${mentionToken(bruno.id)} !`;
    const { container } = render(<MentionText text={text} conversationId="g" />);
    expect(container.textContent).toBe('Salut @Bruno Martin !');
    act(() => {
      applyUserUpdate({ ...bruno, displayName: 'Bruno M.' });
    });
    expect(container.textContent).toBe('Salut @Bruno M. !');
    expect(useConversations.getState().details['g']?.members.map((m) => m.user.displayName)).toEqual([
      'Alice',
      'Bruno M.',
      'Chloé',
    ]);
  });

  it('leaves a text without mentions as it is', () => {
    const { container } = render(<MentionText text="ann@example.test @bruno" conversationId="g" />);
    expect(container.textContent).toBe('ann@example.test @bruno');
    expect(container.querySelector('.mention')).toBeNull();
  });
});

describe('the composer’s @ list', () => {
  const renderComposer = () => {
    render(<Composer conversationId="g" replyTo={null} onCancelReply={() => undefined} />);
    return screen.getByRole<HTMLTextAreaElement>('combobox', { name: 'Message' });
  };
  const type = (field: HTMLTextAreaElement, value: string) => {
    fireEvent.change(field, { target: { value, selectionStart: value.length, selectionEnd: value.length } });
  };
  const options = () =>
    within(screen.getByRole('listbox', { name: 'People to mention' }))
      .getAllByRole('option')
      .map((option) => option.textContent);

  it('opens on @ with the other members, narrows as one types, and picks with the keyboard', () => {
    const send = vi.spyOn(engine, 'send').mockImplementation(() => undefined);
    const field = renderComposer();
    type(field, 'on part @');
    expect(field.getAttribute('aria-expanded')).toBe('true');
    expect(options()).toEqual(['Bruno Martin@bruno', 'Chloé@chloe']);
    type(field, 'on part @ch');
    expect(options()).toEqual(['Chloé@chloe']);
    type(field, 'on part @');
    fireEvent.keyDown(field, { key: 'ArrowDown' });
    expect(within(screen.getByRole('listbox')).getByRole('option', { selected: true }).textContent).toBe(
      'Chloé@chloe',
    );
    expect(field.getAttribute('aria-activedescendant')).toBe(`mention-option-${chloe.id}`);
    fireEvent.keyDown(field, { key: 'ArrowUp' });
    fireEvent.keyDown(field, { key: 'Enter' });
    // Enter picked Bruno: it did not send, and the list is closed.
    expect(field.value).toBe('on part @Bruno Martin ');
    expect(send).not.toHaveBeenCalled();
    expect(screen.queryByRole('listbox')).toBeNull();

    type(field, 'on part @Bruno Martin ce soir');
    fireEvent.keyDown(field, { key: 'Enter' });
    expect(send).toHaveBeenCalledWith(
      expect.objectContaining({ conversationId: 'g', content: `on part ${mentionToken(bruno.id)} ce soir` }),
    );
  });

  it('Tab picks too, and Escape closes the list without touching the text', () => {
    const field = renderComposer();
    type(field, '@bru');
    fireEvent.keyDown(field, { key: 'Escape' });
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(field.value).toBe('@bru');
    type(field, '@chl');
    fireEvent.keyDown(field, { key: 'Tab' });
    expect(field.value).toBe('@Chloé ');
  });
});
