import type { FastifyBaseLogger } from 'fastify';
import type { RefreshTokenStore } from '../db/stores/sign-ins.ts';
import type { SessionEndReason } from '../../contract/auth.ts';
import type { ChatServer, ChatSocket } from './types.ts';

/** Tells the socket why its sign-in ended, then closes it (the event goes out before the close). */
export function closeEndedSocket(socket: ChatSocket, reason: SessionEndReason): void {
  socket.emit('auth:session-ended', { reason });
  socket.disconnect(true);
}

/**
 * The server that ends a sign-in closes its sockets at once, through Socket.IO rooms. Another replica
 * sharing the database, with no Socket.IO adapter between them, never hears of it: this periodic check
 * closes such sockets there, with one query for all of the replica's open sign-ins. (Their HTTP requests
 * and new handshakes are refused at once anyway: those read the database.)
 */
export function startSessionSweep(
  io: ChatServer,
  repository: Pick<RefreshTokenStore, 'endedSessions'>,
  intervalMs: number,
  logger: FastifyBaseLogger,
): () => void {
  let checking = false;
  const check = async () => {
    const sockets = [...io.sockets.sockets.values()];
    if (sockets.length === 0) return;
    const open = new Set(sockets.map((socket) => socket.data.sessionId));
    const ended = new Map(
      (await repository.endedSessions([...open])).map(({ id, reason }) => [id, reason] as const),
    );
    // This replica's own sockets only: with an adapter, every replica runs its own sweep.
    for (const socket of sockets) {
      const reason = ended.get(socket.data.sessionId);
      if (reason !== undefined) closeEndedSocket(socket, reason);
    }
  };
  const timer = setInterval(() => {
    if (checking) return;
    checking = true;
    check()
      .catch((error: unknown) => {
        logger.warn({ err: error }, 'could not check the sign-ins of open sockets');
      })
      .finally(() => {
        checking = false;
      });
  }, intervalMs);
  // The check must never keep a process alive that is otherwise done.
  timer.unref();
  return () => {
    clearInterval(timer);
  };
}
