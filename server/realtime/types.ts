import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../contract/events.ts';

export interface SocketData {
  userId: string;
  /** The sign-in of the access token the socket was opened with. */
  sessionId: string;
  username: string;
  tokenExpiresAt: number;
  conversationIds: string[];
}

export type ChatServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;
export type ChatSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;
