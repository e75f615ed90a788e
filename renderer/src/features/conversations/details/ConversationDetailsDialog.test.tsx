// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  ConversationDetail,
  ConversationType,
  MemberRole,
} from '../../../../../contract/conversations.ts';
import { api } from '../../../app/services.ts';
import { ApiError } from '../../../lib/api/apiError.ts';
import { usePrefs } from '../../settings/prefsStore.ts';
import { useConversations } from '../conversationsStore.ts';
import { ConversationDetailsDialog } from './ConversationDetailsDialog.tsx';
import type { GroupActions } from './groupActions.ts';

// jsdom has <dialog> without its methods; these do what matters here (the open attribute).
beforeAll(() => {
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
    this.removeAttribute('open');
  };
});

function user(id: string, name: string, language = 'en') {
  return { id, username: id, displayName: name, systemLanguage: language, isOnline: false, lastSeenAt: null };
}

function conversation(
  type: ConversationType,
  myRole: MemberRole,
  roles: Record<string, MemberRole>,
  joinedAt: Record<string, string> = {},
) {
  const names: Record<string, string> = { me: 'Me', ann: 'Ann', bob: 'Bob', cid: 'Cid' };
  const detail: ConversationDetail = {
    id: 'c1',
    type,
    title: type === 'direct' ? null : 'Trip',
    description: null,
    createdAt: '2026-01-01T00:00:00Z',
    lastMessageAt: null,
    myRole,
    memberCount: Object.keys(roles).length,
    lastMessage: null,
    unreadCount: 0,
    unreadMentionCount: 0,
    peer: null,
    members: Object.entries(roles).map(([id, role]) => ({
      user: user(id, names[id] ?? id, id === 'ann' ? 'fr' : 'en'),
      role,
      joinedAt: joinedAt[id] ?? '2026-01-01T00:00:00Z',
      lastReadSeq: 0,
    })),
  };
  useConversations.getState().setList([detail]);
  useConversations.getState().setDetail(detail);
}

function fakeActions(): GroupActions {
  return {
    rename: vi.fn(() => Promise.resolve()),
    describe: vi.fn(() => Promise.resolve()),
    addMembers: vi.fn(() => Promise.resolve()),
    setRole: vi.fn(() => Promise.resolve()),
    remove: vi.fn(() => Promise.resolve()),
    leave: vi.fn(() => Promise.resolve()),
  };
}

/** The header's button and the dialog it opens, as ChatHeader wires them. */
function Harness({ actions, onClose }: { actions: GroupActions; onClose?: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <main tabIndex={-1}>
      <button
        type="button"
        onClick={() => {
          setOpen(true);
        }}
      >
        open details
      </button>
      {open && (
        <ConversationDetailsDialog
          conversationId="c1"
          selfId="me"
          actions={actions}
          refresh={() => Promise.resolve()}
          onClose={() => {
            setOpen(false);
            onClose?.();
          }}
        />
      )}
    </main>
  );
}

function openDialog(actions = fakeActions(), onClose?: () => void) {
  render(<Harness actions={actions} onClose={onClose} />);
  const opener = screen.getByRole('button', { name: 'open details' });
  opener.focus();
  fireEvent.click(opener);
  return { actions, opener };
}

beforeEach(() => {
  usePrefs.setState({ uiLanguage: 'en' });
  useConversations.getState().reset();
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('ConversationDetailsDialog: dialog behaviour', () => {
  it('is a labelled modal dialog that takes focus, closes on Escape and gives focus back', () => {
    conversation('group', 'member', { me: 'member', ann: 'admin' });
    const { opener } = openDialog();
    const dialog = screen.getByRole('dialog', { name: 'Conversation details' });
    expect(dialog.hasAttribute('open')).toBe(true);
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.contains(document.activeElement)).toBe(true);

    fireEvent.keyDown(document.activeElement ?? dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('closes from its labelled close button too', () => {
    conversation('group', 'member', { me: 'member', ann: 'admin' });
    const { opener } = openDialog();
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });
});

describe('ConversationDetailsDialog: what each role is offered', () => {
  it('shows a plain member the name read-only, every member with role and status, and only "leave"', () => {
    conversation('group', 'member', { me: 'member', ann: 'admin', bob: 'moderator' });
    openDialog();
    expect(screen.queryByRole('textbox', { name: 'Group name' })).toBeNull();
    expect(screen.getByText('Trip')).toBeTruthy();
    const rows = screen.getAllByRole('listitem');
    // (The avatar's initials come first in each row's text.)
    expect(rows.map((r) => r.textContent)).toEqual([
      'MEMe (you) @me · OfflineMember',
      'ANAnn @ann · OfflineAdmin',
      'BOBob @bob · OfflineModerator',
    ]);
    expect(screen.queryByRole('button', { name: /^Remove/ })).toBeNull();
    expect(screen.queryByRole('combobox')).toBeNull();
    expect(screen.queryByRole('searchbox')).toBeNull();
    expect(screen.getByRole('button', { name: 'Leave group' })).toBeTruthy();
  });

  it('gives an admin rename, add, remove and role controls for the others, never for themselves', () => {
    conversation('group', 'admin', { me: 'admin', ann: 'moderator', bob: 'member' });
    openDialog();
    expect(screen.getByRole('textbox', { name: 'Group name' })).toBeTruthy();
    expect(screen.getByRole('searchbox', { name: 'Search people by name' })).toBeTruthy();
    expect(screen.getByRole('combobox', { name: 'Role of Ann' })).toBeTruthy();
    expect(screen.getByRole('combobox', { name: 'Role of Bob' })).toBeTruthy();
    expect(screen.queryByRole('combobox', { name: 'Role of Me' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Remove Ann' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Remove Bob' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Remove Me' })).toBeNull();
  });

  it('lets a moderator remove plain members only and change no role', () => {
    conversation('group', 'moderator', { me: 'moderator', ann: 'admin', bob: 'member', cid: 'moderator' });
    openDialog();
    expect(screen.getByRole('textbox', { name: 'Group name' })).toBeTruthy();
    expect(screen.queryByRole('combobox')).toBeNull();
    expect(screen.getByRole('button', { name: 'Remove Bob' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Remove Ann' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Remove Cid' })).toBeNull();
  });

  it('shows the other person of a direct conversation, with the language they use', () => {
    conversation('direct', 'member', { me: 'member', ann: 'member' });
    openDialog();
    const dialog = screen.getByRole('dialog');
    expect(dialog.textContent).toContain('Ann');
    expect(dialog.textContent).toContain('@ann');
    expect(dialog.textContent).toContain('French');
    expect(screen.queryByRole('button', { name: 'Leave group' })).toBeNull();
  });
});

describe('ConversationDetailsDialog: actions', () => {
  it('sends the new name, and on a refusal says why in plain words and keeps what was typed', async () => {
    conversation('group', 'admin', { me: 'admin', ann: 'member' });
    const actions = fakeActions();
    vi.mocked(actions.rename).mockRejectedValueOnce(
      new ApiError(403, 'FORBIDDEN', 'Your role (member) cannot change the conversation'),
    );
    openDialog(actions);
    const input = screen.getByRole<HTMLInputElement>('textbox', { name: 'Group name' });
    fireEvent.change(input, { target: { value: 'Summer trip' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Rename' }));
      await Promise.resolve();
    });
    expect(actions.rename).toHaveBeenCalledWith('c1', 'Summer trip');
    expect(screen.getByRole('alert').textContent).toBe(
      'Your role in this group does not allow this. An admin may just have changed it.',
    );
    expect(input.value).toBe('Summer trip');
  });

  it('lets a manager describe the group and shows the description, read-only, to a member', async () => {
    conversation('group', 'admin', { me: 'admin', ann: 'member' });
    const { actions } = openDialog();
    const field = screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'About this group' });
    const save = screen.getByRole<HTMLButtonElement>('button', { name: 'Save description' });
    expect(save.disabled).toBe(true);
    fireEvent.change(field, { target: { value: '  Our summer plans  ' } });
    await act(async () => {
      fireEvent.click(save);
      // Chromium drops focus from a control that becomes disabled; jsdom does not, so do it here.
      if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
      await Promise.resolve();
    });
    expect(actions.describe).toHaveBeenCalledWith('c1', 'Our summer plans');
    expect(screen.getByText('Description saved')).toBeTruthy();
    // Nothing is left to save, so the button stays disabled: focus goes back to the text.
    expect(document.activeElement).toBe(field);
    cleanup();

    conversation('group', 'member', { me: 'member', ann: 'admin' });
    const detail = useConversations.getState().details['c1'];
    if (detail !== undefined)
      useConversations.getState().setDetail({ ...detail, description: 'Our summer plans' });
    openDialog();
    expect(screen.queryByRole('textbox', { name: 'About this group' })).toBeNull();
    expect(screen.getByRole('dialog').textContent).toContain('Our summer plans');
  });

  it('asks before removing a member, then removes the one asked for', async () => {
    conversation('group', 'admin', { me: 'admin', ann: 'member', bob: 'member' });
    const { actions } = openDialog();
    fireEvent.click(screen.getByRole('button', { name: 'Remove Bob' }));
    expect(actions.remove).not.toHaveBeenCalled();
    expect(screen.getByText('Remove Bob from the group?')).toBeTruthy();
    await act(async () => {
      fireEvent.click(document.activeElement ?? document.body);
      await Promise.resolve();
    });
    expect(actions.remove).toHaveBeenCalledWith('c1', 'bob');
    // Focus does not fall out of the dialog with the row that held it.
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Members (3)' }));
  });

  it('leaves only after confirming, then closes', async () => {
    conversation('group', 'member', { me: 'member', ann: 'admin' });
    const onClose = vi.fn();
    const { actions } = openDialog(fakeActions(), onClose);
    fireEvent.click(screen.getByRole('button', { name: 'Leave group' }));
    expect(actions.leave).not.toHaveBeenCalled();
    expect(screen.getByText(/Leave “Trip”\?/)).toBeTruthy();
    // Focus is on the confirming button: Enter/Space there is the keyboard path.
    expect(document.activeElement?.textContent).toBe('Leave');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Leave' }));
      await Promise.resolve();
    });
    expect(actions.leave).toHaveBeenCalledWith('c1');
    expect(onClose).toHaveBeenCalled();
  });

  it('a refused leave says why and keeps focus on the confirming button', async () => {
    conversation('group', 'member', { me: 'member', ann: 'admin' });
    const actions = fakeActions();
    vi.mocked(actions.leave).mockRejectedValueOnce(new ApiError(0, 'NETWORK', 'offline'));
    openDialog(actions);
    fireEvent.click(screen.getByRole('button', { name: 'Leave group' }));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Leave' }));
      // Chromium drops focus from a control that becomes disabled; jsdom does not, so do it here.
      if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
      await Promise.resolve();
    });
    expect(screen.getByRole('alert')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Leave' }));
  });

  it('a full group is explained as such, not as something to try again', async () => {
    conversation('group', 'admin', { me: 'admin', ann: 'member' });
    const actions = fakeActions();
    vi.mocked(actions.addMembers).mockRejectedValueOnce(new ApiError(409, 'GROUP_FULL', 'full'));
    vi.spyOn(api, 'searchUsers').mockResolvedValue([user('bob', 'Bob')]);
    openDialog(actions);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search people by name' }), {
      target: { value: 'bo' },
    });
    fireEvent.click(await screen.findByRole('button', { name: /Bob/ }));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Add (1)' }));
      await Promise.resolve();
    });
    expect(screen.getByRole('alert').textContent).toBe(
      'This group has reached its member limit. Someone must leave before anyone else can join.',
    );
  });

  it('follows a rename made by someone else while the dialog is open', () => {
    conversation('group', 'admin', { me: 'admin', ann: 'member' });
    openDialog();
    act(() => {
      const detail = useConversations.getState().details['c1'];
      if (detail !== undefined) useConversations.getState().setDetail({ ...detail, title: 'Renamed' });
    });
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'Group name' }).value).toBe('Renamed');
  });
});

describe('ConversationDetailsDialog: role changes are explicit', () => {
  const roleOf = (name: string) =>
    screen.getByRole<HTMLSelectElement>('combobox', { name: `Role of ${name}` });
  const choose = (name: string, role: MemberRole) => {
    // What one arrow press does on a closed <select> in Chromium on Windows/Linux: a change event.
    fireEvent.change(roleOf(name), { target: { value: role } });
  };

  it('the role menu is locked while its question is open, so the question stays true', () => {
    conversation('group', 'admin', { me: 'admin', ann: 'member' });
    openDialog();
    choose('Ann', 'admin');
    fireEvent.click(screen.getByRole('button', { name: 'Change role of Ann' }));
    expect(roleOf('Ann').disabled).toBe(true);
    expect(screen.getByText(/Make Ann an admin\?/)).toBeTruthy();
  });

  it('a refused change made without a question gives focus back to "Apply"', async () => {
    conversation('group', 'admin', { me: 'admin', ann: 'member' });
    const actions = fakeActions();
    vi.mocked(actions.setRole).mockRejectedValueOnce(new ApiError(0, 'NETWORK', 'offline'));
    openDialog(actions);
    choose('Ann', 'moderator');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Change role of Ann' }));
      await Promise.resolve();
    });
    expect(actions.setRole).toHaveBeenCalledWith('c1', 'ann', 'moderator');
    expect(screen.getByRole('alert')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Change role of Ann' }));
  });

  it('only stages a role chosen in the menu: arrowing through it sends nothing', () => {
    conversation('group', 'admin', { me: 'admin', ann: 'member' });
    const { actions } = openDialog();
    choose('Ann', 'moderator');
    choose('Ann', 'admin');
    expect(actions.setRole).not.toHaveBeenCalled();
    expect(roleOf('Ann').value).toBe('admin');
    expect(screen.getByRole('button', { name: 'Change role of Ann' }).textContent).toBe('Apply');
  });

  it('sends a staged role on "Apply", then leaves focus on the member’s role menu', async () => {
    conversation('group', 'admin', { me: 'admin', ann: 'member' });
    const { actions } = openDialog();
    choose('Ann', 'moderator');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Change role of Ann' }));
      await Promise.resolve();
    });
    expect(actions.setRole).toHaveBeenCalledTimes(1);
    expect(actions.setRole).toHaveBeenCalledWith('c1', 'ann', 'moderator');
    expect(document.activeElement).toBe(roleOf('Ann'));
    expect(screen.getByText('Ann is now Moderator.').getAttribute('role')).toBe('status');
  });

  it('asks before making someone admin, and sends only once confirmed', async () => {
    conversation('group', 'admin', { me: 'admin', ann: 'member' });
    const { actions } = openDialog();
    choose('Ann', 'admin');
    fireEvent.click(screen.getByRole('button', { name: 'Change role of Ann' }));
    expect(actions.setRole).not.toHaveBeenCalled();
    expect(screen.getByRole('group', { name: 'Change role of Ann' }).textContent).toContain(
      'Make Ann an admin?',
    );
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Change role' }));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Change role' }));
      await Promise.resolve();
    });
    expect(actions.setRole).toHaveBeenCalledWith('c1', 'ann', 'admin');
    expect(document.activeElement).toBe(roleOf('Ann'));
  });

  it('asks before taking admin away; Escape cancels just that question and returns to "Apply"', () => {
    conversation('group', 'admin', { me: 'admin', ann: 'admin' });
    const { actions } = openDialog();
    choose('Ann', 'member');
    fireEvent.click(screen.getByRole('button', { name: 'Change role of Ann' }));
    expect(screen.getByText('Take admin away from Ann? They will be Member.')).toBeTruthy();
    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'Escape' });
    expect(screen.getByRole('dialog')).toBeTruthy();
    expect(screen.queryByText(/Take admin away/)).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Change role of Ann' }));
    expect(actions.setRole).not.toHaveBeenCalled();
  });

  it('offers an admin to step down on their own row exactly when another admin remains', async () => {
    conversation('group', 'admin', { me: 'admin', ann: 'member' });
    openDialog();
    expect(screen.queryByRole('combobox', { name: 'Role of Me' })).toBeNull();
    cleanup();

    conversation('group', 'admin', { me: 'admin', ann: 'admin' });
    const { actions } = openDialog();
    choose('Me', 'moderator');
    fireEvent.click(screen.getByRole('button', { name: 'Change role of Me' }));
    expect(screen.getByText(/Step down as admin\? You will be Moderator/)).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Change role' }));
      await Promise.resolve();
    });
    expect(actions.setRole).toHaveBeenCalledWith('c1', 'me', 'moderator');
  });

  it('on a refusal says why, keeps the staged role and gives focus back to "Apply"', async () => {
    conversation('group', 'admin', { me: 'admin', ann: 'admin' });
    const actions = fakeActions();
    vi.mocked(actions.setRole).mockRejectedValueOnce(
      new ApiError(409, 'LAST_ADMIN', 'A group needs an admin: make someone else admin first'),
    );
    openDialog(actions);
    choose('Me', 'member');
    fireEvent.click(screen.getByRole('button', { name: 'Change role of Me' }));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Change role' }));
      await Promise.resolve();
    });
    expect(screen.getByRole('alert').textContent).toBe(
      'A group needs an admin: make someone else admin before stepping down.',
    );
    expect(roleOf('Me').value).toBe('member');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Change role of Me' }));
  });

  it('drops a staged role when someone else changes that member’s role meanwhile', () => {
    conversation('group', 'admin', { me: 'admin', ann: 'member' });
    openDialog();
    choose('Ann', 'admin');
    act(() => {
      conversation('group', 'admin', { me: 'admin', ann: 'moderator' });
    });
    expect(roleOf('Ann').value).toBe('moderator');
    expect(screen.queryByRole('button', { name: 'Change role of Ann' })).toBeNull();
  });
});

describe('ConversationDetailsDialog: Escape undoes the innermost thing first', () => {
  it('cancels an open removal question only, and returns focus to its "Remove" button', () => {
    conversation('group', 'admin', { me: 'admin', bob: 'member' });
    const { actions } = openDialog();
    fireEvent.click(screen.getByRole('button', { name: 'Remove Bob' }));
    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'Escape' });
    expect(screen.getByRole('dialog')).toBeTruthy();
    expect(screen.queryByText('Remove Bob from the group?')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Remove Bob' }));
    expect(actions.remove).not.toHaveBeenCalled();
  });

  it('cancels an open leave question only, and returns focus to "Leave group"', () => {
    conversation('group', 'member', { me: 'member', ann: 'admin' });
    const { actions } = openDialog();
    fireEvent.click(screen.getByRole('button', { name: 'Leave group' }));
    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'Escape' });
    expect(screen.getByRole('dialog')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Leave group' }));
    expect(actions.leave).not.toHaveBeenCalled();
  });

  it('clears the people search first (keeping who was picked), and closes only from an empty field', async () => {
    conversation('group', 'admin', { me: 'admin', ann: 'member' });
    const search = vi.spyOn(api, 'searchUsers').mockResolvedValue([
      {
        id: 'zoe',
        username: 'zoe',
        displayName: 'Zoe',
        systemLanguage: 'en',
        isOnline: false,
        lastSeenAt: null,
      },
    ]);
    const onClose = vi.fn();
    openDialog(fakeActions(), onClose);
    const field = screen.getByRole<HTMLInputElement>('searchbox', { name: 'Search people by name' });
    fireEvent.change(field, { target: { value: 'zo' } });
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 250));
    });
    fireEvent.click(screen.getByRole('button', { name: /Zoe/ }));
    field.focus();
    fireEvent.keyDown(field, { key: 'Escape' });
    expect(field.value).toBe('');
    expect(screen.getByRole('dialog')).toBeTruthy();
    expect(screen.getByText('Selected: Zoe')).toBeTruthy();
    expect(onClose).not.toHaveBeenCalled();

    fireEvent.keyDown(field, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(onClose).toHaveBeenCalled();
    search.mockRestore();
  });
});

describe('ConversationDetailsDialog: leaving as the only admin', () => {
  it('names the longest-standing member, whom the server makes admin', () => {
    conversation(
      'group',
      'admin',
      { me: 'admin', ann: 'moderator', bob: 'member' },
      { me: '2026-01-01T00:00:00Z', ann: '2026-03-01T00:00:00Z', bob: '2026-02-01T00:00:00Z' },
    );
    openDialog();
    fireEvent.click(screen.getByRole('button', { name: 'Leave group' }));
    expect(
      screen.getByText(/You are its only admin: Bob, its longest-standing member, will become admin/),
    ).toBeTruthy();
  });

  it('names nobody when another admin remains', () => {
    conversation('group', 'admin', { me: 'admin', ann: 'admin', bob: 'member' });
    openDialog();
    fireEvent.click(screen.getByRole('button', { name: 'Leave group' }));
    expect(screen.queryByText(/will become admin/)).toBeNull();
  });
});
