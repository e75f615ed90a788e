import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../contract/events.ts';

export interface SocketData {
  userId: string;
  /** The sign-in of the access token the socket was opened with. */
  sessionId: string;
  username: string;
  /** A guest's socket (joined by link, contract/join.ts): it hears only of its one conversation. */
  guest: boolean;
  tokenExpiresAt: number;
  conversationIds: string[];
}

/** Between server replicas, through the Socket.IO adapter (server/realtime/replicated-presence.ts). */
export interface InterServerEvents {
  /** A replica's whole list of online users; `hello` asks the others to answer with theirs at once. */
  presence: (replicaId: string, userIds: string[], hello: boolean) => void;
}

export type ChatServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
