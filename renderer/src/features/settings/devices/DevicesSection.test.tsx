// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeviceSession } from '../../../../../contract/auth.ts';
import { ApiError } from '../../../lib/api/apiError.ts';
import { formatDateTime } from '../../../lib/formatTime.ts';
import { usePrefs } from '../prefsStore.ts';
import { DevicesSection, type DevicesApi } from './DevicesSection.tsx';

const here: DeviceSession = {
  id: 's-here',
  deviceLabel: 'Chrome · Linux',
  createdAt: '2026-11-20T08:00:00.000Z',
  lastUsedAt: '2026-11-26T09:30:00.000Z',
  current: true,
};
const phone: DeviceSession = {
  id: 's-phone',
  deviceLabel: 'Safari · iOS',
  createdAt: '2026-11-21T10:00:00.000Z',
  lastUsedAt: '2026-11-25T18:45:00.000Z',
  current: false,
};
const old: DeviceSession = {
  id: 's-old',
  deviceLabel: null,
  createdAt: '2026-10-01T12:00:00.000Z',
  lastUsedAt: '2026-10-02T12:00:00.000Z',
  current: false,
};

function fakeApi(devices: DeviceSession[]) {
  return {
    sessions: vi.fn(() => Promise.resolve(devices)),
    endSession: vi.fn((_id: string) => Promise.resolve(undefined)),
    endOtherSessions: vi.fn(() => Promise.resolve({ ended: devices.length - 1 })),
  } satisfies DevicesApi;
}

/** Renders the section and waits for its list to arrive. */
async function shown(api: DevicesApi) {
  render(<DevicesSection api={api} />);
  return screen.findByRole('list', { name: 'Devices' });
}

beforeEach(() => {
  usePrefs.setState({ uiLanguage: 'en' });
});
afterEach(cleanup);

describe('settings › devices', () => {
  it('lists every sign-in, this device marked and not offered for sign-out, times in the reader’s locale', async () => {
    const list = await shown(fakeApi([here, phone, old]));
    const rows = within(list).getAllByRole('listitem');
    expect(rows.map((row) => row.getAttribute('aria-current'))).toEqual(['true', null, null]);

    const thisOne = within(list).getByRole('listitem', { name: 'Chrome · Linux' });
    expect(within(thisOne).getByText('This device')).toBeTruthy();
    expect(within(thisOne).queryByRole('button')).toBeNull();
    expect(thisOne.textContent).toContain(`Signed in ${formatDateTime(here.createdAt, 'en')}`);
    expect(thisOne.textContent).toContain(`Last active ${formatDateTime(here.lastUsedAt, 'en')}`);

    // Every other row has its own "Sign out", whose accessible name says which device it ends.
    const started = formatDateTime(phone.createdAt, 'en');
    expect(screen.getByRole('button', { name: `Sign out Safari · iOS, signed in ${started}` })).toBeTruthy();
    expect(within(list).getByRole('listitem', { name: 'Unknown device' })).toBeTruthy();
  });

  it('speaks French when the interface does', async () => {
    usePrefs.setState({ uiLanguage: 'fr' });
    render(<DevicesSection api={fakeApi([here, phone])} />);
    const list = await screen.findByRole('list', { name: 'Appareils' });
    expect(within(list).getByText('Cet appareil')).toBeTruthy();
    expect(list.textContent).toContain(`Dernière activité le ${formatDateTime(phone.lastUsedAt, 'fr')}`);
    expect(screen.getByRole('button', { name: 'Déconnecter tous les autres appareils' })).toBeTruthy();
  });

  it('signs one device out, says so, and keeps focus in the section', async () => {
    const api = fakeApi([here, phone, old]);
    await shown(api);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: /^Sign out Safari · iOS/ }));
      await Promise.resolve();
    });
    expect(api.endSession).toHaveBeenCalledWith('s-phone');
    expect(screen.queryByRole('listitem', { name: 'Safari · iOS' })).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('Safari · iOS was signed out.');
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Devices' }));
  });

  it('says so when that device had already been signed out, and shows the server’s list again', async () => {
    const api = fakeApi([here, phone]);
    api.endSession.mockRejectedValueOnce(new ApiError(404, 'SESSION_NOT_FOUND', 'No such sign-in'));
    await shown(api);
    api.sessions.mockResolvedValueOnce([here]);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: /^Sign out Safari · iOS/ }));
      await Promise.resolve();
    });
    expect(screen.getByRole('alert').textContent).toBe('That device was already signed out.');
    expect(api.sessions).toHaveBeenCalledTimes(2);
    expect(await screen.findByText('You are signed in on this device only.')).toBeTruthy();
  });

  it('asks before signing out all other devices: focus on Cancel, Escape backs out, confirming keeps only this one', async () => {
    const api = fakeApi([here, phone, old]);
    await shown(api);
    const ask = screen.getByRole('button', { name: 'Sign out all other devices' });
    fireEvent.click(ask);
    const question = screen.getByRole('group', { name: /Sign out of every other device\?/ });
    expect(document.activeElement).toBe(within(question).getByRole('button', { name: 'Cancel' }));
    expect(api.endOtherSessions).not.toHaveBeenCalled();

    fireEvent.keyDown(question, { key: 'Escape' });
    expect(screen.queryByRole('group')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Sign out all other devices' }));

    fireEvent.click(screen.getByRole('button', { name: 'Sign out all other devices' }));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Sign them out' }));
      await Promise.resolve();
    });
    expect(api.endOtherSessions).toHaveBeenCalledTimes(1);
    expect(api.endSession).not.toHaveBeenCalled();
    const rows = within(screen.getByRole('list', { name: 'Devices' })).getAllByRole('listitem');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.getAttribute('aria-current')).toBe('true');
    expect(screen.getByRole('status').textContent).toBe('Every other device was signed out.');
    expect(screen.getByText('You are signed in on this device only.')).toBeTruthy();
  });

  it('offers a retry when the list cannot be loaded', async () => {
    const api = fakeApi([here]);
    api.sessions.mockRejectedValueOnce(new ApiError(0, 'NETWORK', 'offline'));
    render(<DevicesSection api={api} />);
    expect((await screen.findByRole('alert')).textContent).toContain('Your devices could not be loaded.');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('list', { name: 'Devices' })).toBeTruthy();
  });
});
