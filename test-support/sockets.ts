import { io as connectClient, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../contract/events.ts';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A client socket on its way in, as the client opens it (one attempt, no reconnection). */
export function openSocket(
  baseUrl: string,
  token: string,
  options: Partial<ManagerOptions & SocketOptions> = {},
): ClientSocket {
  return connectClient(baseUrl, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...options,
  });
}

/** Resolves once the socket is connected; rejects (and closes it) when the server refuses it. */
export function connected(socket: ClientSocket): Promise<ClientSocket> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => {
      resolve(socket);
    });
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

export function connectSocket(baseUrl: string, token: string): Promise<ClientSocket> {
  return connected(openSocket(baseUrl, token));
}

/** Resolves with the first matching event's payload, or rejects after `timeoutMs`. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: ClientSocket,
  event: E,
  matches: (...args: Parameters<ServerToClientEvents[E]>) => boolean = () => true,
  timeoutMs = 5000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`no ${event} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (...args: Parameters<ServerToClientEvents[E]>) => {
      if (!matches(...args)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(args[0]);
    };
    socket.on(event, listener as never);
  });
}

/** Collects every payload of an event until stopped. */
export function recordEvents<E extends keyof ServerToClientEvents>(
  socket: ClientSocket,
  event: E,
): Parameters<ServerToClientEvents[E]>[0][] {
  const seen: Parameters<ServerToClientEvents[E]>[0][] = [];
  socket.on(event, ((payload: Parameters<ServerToClientEvents[E]>[0]) => {
    seen.push(payload);
  }) as never);
  return seen;
}

/** Resolves with the reason the socket was disconnected for. */
export const disconnected = (socket: ClientSocket) =>
  new Promise<string>((resolve) => {
    socket.once('disconnect', resolve);
  });

/** The sockets a suite has open, so that each test's are closed after it. */
export class OpenSockets {
  private readonly open: ClientSocket[] = [];

  /** Keeps `socket` to be closed with the others, and returns it. */
  keep(socket: ClientSocket): ClientSocket {
    this.open.push(socket);
    return socket;
  }

  /** Connects as `connectSocket` does and keeps the socket. */
  async connect(baseUrl: string, token: string): Promise<ClientSocket> {
    return this.keep(await connectSocket(baseUrl, token));
  }

  closeAll(): void {
    for (const socket of this.open.splice(0)) socket.close();
  }
}
