// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuthSession, SessionEndReason } from '../../../../contract/auth.ts';
import type { SelfUser } from '../../../../contract/users.ts';
import { baseUrl, session } from '../../app/services.ts';
import { en } from '../../i18n/en.ts';
import { onSessionEnded, type MeeshySocket } from '../../lib/realtime/socket.ts';
import { useAuth } from './authStore.ts';
import { SessionEndedNotice } from './SessionEndedNotice.tsx';
import { endSession, useSessionEnded } from './sessionEnded.ts';

const user = { id: 'u1', username: 'ana', displayName: 'Ana' } as SelfUser;
const signedIn: AuthSession = {
  accessToken: 'access-1',
  refreshToken: 'refresh-1-xxxxxxxxxxxxxxxx',
  expiresIn: 900,
  user,
};

/** Just enough of a socket.io client socket: listeners by event name, and a disconnect to spy on. */
function fakeSocket() {
  const listeners = new Map<string, ((event: { reason: SessionEndReason }) => void)[]>();
  const socket = {
    connected: true,
    on(name: string, listener: (event: { reason: SessionEndReason }) => void) {
      listeners.set(name, [...(listeners.get(name) ?? []), listener]);
      return socket;
    },
    off(name: string, listener: (event: { reason: SessionEndReason }) => void) {
      listeners.set(
        name,
        (listeners.get(name) ?? []).filter((l) => l !== listener),
      );
      return socket;
    },
    disconnect: vi.fn(() => {
      socket.connected = false;
      return socket;
    }),
    /** What the server sends before it closes the socket. */
    serverSends(reason: SessionEndReason) {
      for (const listener of listeners.get('auth:session-ended') ?? []) listener({ reason });
    },
  };
  return socket;
}

/** The socket wired the way the chat engine wires it. */
function wired() {
  const socket = fakeSocket();
  const unbind = onSessionEnded(socket as unknown as MeeshySocket, (reason) => {
    endSession(session, reason);
  });
  return { socket, unbind };
}

describe('the server ends the sign-in', () => {
  afterEach(() => {
    cleanup();
    session.clear();
    useSessionEnded.setState({ reason: null });
  });

  it('signs out here, closes the socket for good and says why on the sign-in screen', () => {
    session.set(signedIn);
    render(<SessionEndedNotice />);
    expect(screen.queryByRole('status')).toBeNull();
    const { socket } = wired();

    act(() => {
      socket.serverSends('revoked');
    });

    expect(socket.disconnect).toHaveBeenCalledOnce();
    expect(session.current()).toBeNull();
    expect(useAuth.getState().session).toBeNull();
    expect(localStorage.getItem(`meeshy.session@${baseUrl}`)).toBeNull();
    expect(screen.getByRole('status').textContent).toBe(en['auth.endedRevoked']);
  });

  it('the notice goes away once the user signs in again', () => {
    session.set(signedIn);
    render(<SessionEndedNotice />);
    const { socket } = wired();
    act(() => {
      socket.serverSends('signed-out');
    });
    expect(screen.getByRole('status').textContent).toBe(en['auth.endedSignedOut']);

    act(() => {
      session.set(signedIn);
    });
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('a sign-out made on this device shows nothing when the server’s event comes back', () => {
    session.set(signedIn);
    render(<SessionEndedNotice />);
    const { socket } = wired();
    session.clear();
    act(() => {
      socket.serverSends('signed-out');
    });
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('a socket that is no longer listening signs nobody out', () => {
    session.set(signedIn);
    const { socket, unbind } = wired();
    unbind();
    socket.serverSends('revoked');
    expect(session.current()).not.toBeNull();
    expect(socket.disconnect).not.toHaveBeenCalled();
  });
});
