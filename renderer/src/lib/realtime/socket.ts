import { io, type Socket } from 'socket.io-client';
import type { SessionEndReason } from '../../../../contract/auth.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../../contract/events.ts';

export type MeeshySocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * The token is read on every (re)connection attempt, so a reconnect after a long sleep uses a freshly
 * refreshed token instead of the one the socket was first opened with.
 */
export function createSocket(baseUrl: string, token: () => Promise<string | null>): MeeshySocket {
  return io(baseUrl, {
    path: '/socket.io/',
    autoConnect: false,
    reconnectionDelay: 500,
    reconnectionDelayMax: 10_000,
    auth: (cb) => {
      void token().then((t) => {
        cb({ token: t ?? '' });
      });
    },
  });
}

type AckedEvent = 'message:send' | 'sync' | 'conversation:join';
export type AckReply<E extends AckedEvent> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];

/**
 * Emits an event and resolves with the server's ack, or rejects after `timeoutMs` without one.
 * (socket.io's own typings lose the ack type once `.timeout()` is used, hence this typed wrapper.)
 */
export function request<E extends AckedEvent>(
  socket: MeeshySocket,
  event: E,
  payload: unknown,
  timeoutMs: number,
): Promise<AckReply<E>> {
  const emitter = socket.timeout(timeoutMs) as unknown as {
    emit(event: E, payload: unknown, ack: (err: Error | null, reply: AckReply<E>) => void): void;
  };
  return new Promise((resolve, reject) => {
    emitter.emit(event, payload, (err, reply) => {
      if (err === null) resolve(reply);
      else reject(err);
    });
  });
}

/**
 * The server ended the sign-in this socket belongs to (signed out, revoked, too old) and is about to
 * close it. The socket is closed from this side as well, so that neither socket.io nor a reconnect after
 * the server's kick tries again with the tokens of a sign-in that is over; then `onEnded` signs the app out.
 */
export function onSessionEnded(
  socket: MeeshySocket,
  onEnded: (reason: SessionEndReason) => void,
): () => void {
  const listener = ({ reason }: { reason: SessionEndReason }) => {
    socket.disconnect();
    onEnded(reason);
  };
  socket.on('auth:session-ended', listener);
  return () => {
    socket.off('auth:session-ended', listener);
  };
}
