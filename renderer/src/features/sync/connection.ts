import type { SelfUser } from '../../../../contract/users.ts';
import { baseUrl, session } from '../../app/services.ts';
import { useConnection } from '../../lib/realtime/connectionStore.ts';
import { createSocket, onSessionEnded, type MeeshySocket } from '../../lib/realtime/socket.ts';
import { endSession } from '../auth/sessionEnded.ts';
import { bindSocketEvents } from './socketEvents.ts';

const SERVER_KICK_RECONNECT_MS = 500;

export interface ConnectionHandlers {
  /** After every (re)connect; the status shows "syncing" until it settles, then "online". */
  afterConnect: (socket: MeeshySocket) => Promise<void>;
  self: () => SelfUser | null;
  /** A conversation's members changed: its detail is loaded again. */
  reloadDetail: (conversationId: string) => void;
}

export interface Connection {
  socket: MeeshySocket;
  /** Disconnects for good and lets go of every listener. */
  close: () => void;
}

/**
 * The socket of a signed-in session and what keeps it up: the connection status, reconnecting after the
 * server closed it or refused the handshake (with a fresh token), following the OS's online/offline
 * signals, and ending the session when the server says it ended.
 */
export function openConnection(handlers: ConnectionHandlers): Connection {
  const socket = createSocket(baseUrl, () => session.accessToken());
  let closed = false;
  const cleanups: (() => void)[] = [];
  const setState = useConnection.getState().setState;
  setState(navigator.onLine ? 'connecting' : 'offline');

  socket.on('connect', () => {
    setState('syncing');
    const settle = () => {
      if (socket.connected) setState('online');
    };
    void handlers.afterConnect(socket).then(settle, settle);
  });
  socket.on('disconnect', (reason) => {
    setState(!navigator.onLine || reason === 'io client disconnect' ? 'offline' : 'connecting');
    // socket.io does not come back by itself after the server closed the socket (it does so when the
    // token it was opened with expires). The handshake asks the session for a token, refreshed if due.
    if (reason === 'io server disconnect') {
      setTimeout(() => {
        if (!closed && navigator.onLine) socket.connect();
      }, SERVER_KICK_RECONNECT_MS);
    }
  });
  socket.on('connect_error', () => {
    setState('unreachable');
    // A refused handshake (bad or expired token) is not retried by socket.io: refresh, then retry.
    if (!socket.active) {
      void session.refresh().then((fresh) => {
        if (fresh !== null && !closed) setTimeout(() => socket.connect(), 1_000);
      });
    }
  });
  socket.on('auth:token-expired', () => {
    // Usually the scheduled refresh already rotated the token and only this socket's copy expired;
    // refresh now only if the session's own token is about to lapse too.
    void session.accessToken();
  });
  cleanups.push(
    onSessionEnded(socket, (reason) => {
      endSession(session, reason);
    }),
    bindSocketEvents(socket, handlers.self, handlers.reloadDetail),
  );

  // The OS knows about network loss long before a socket timeout does.
  const onOffline = () => {
    socket.disconnect();
    setState('offline');
  };
  const onOnline = () => {
    socket.connect();
  };
  window.addEventListener('offline', onOffline);
  window.addEventListener('online', onOnline);
  cleanups.push(() => {
    window.removeEventListener('offline', onOffline);
    window.removeEventListener('online', onOnline);
  });
  if (navigator.onLine) socket.connect();

  return {
    socket,
    close: () => {
      closed = true;
      for (const cleanup of cleanups.splice(0)) cleanup();
      socket.disconnect();
    },
  };
}
