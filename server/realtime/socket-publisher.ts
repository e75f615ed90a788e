import type { RealtimePublisher, SessionEnder } from '../domain/realtime-publisher.ts';
import { ACCOUNTS_ROOM, conversationRoom, sessionRoom, userRoom } from './rooms.ts';
import type { ChatServer } from './types.ts';

export function createSocketPublisher(io: ChatServer): RealtimePublisher & SessionEnder {
  return {
    toConversation(conversationId, event, ...args) {
      io.to(conversationRoom(conversationId)).emit(event, ...args);
    },
    toConversations(conversationIds, event, ...args) {
      if (conversationIds.length === 0) return;
      io.to(conversationIds.map(conversationRoom)).emit(event, ...args);
    },
    toUser(userId, event, ...args) {
      io.to(userRoom(userId)).emit(event, ...args);
    },
    toEveryone(event, ...args) {
      // Not io.emit: a guest's socket is in no such room (socket-server.ts), so it is left out.
      io.to(ACCOUNTS_ROOM).emit(event, ...args);
    },
    subscribeUser(userId, conversationId) {
      io.in(userRoom(userId)).socketsJoin(conversationRoom(conversationId));
    },
    unsubscribeUser(userId, conversationId) {
      io.in(userRoom(userId)).socketsLeave(conversationRoom(conversationId));
    },
    endSession(sessionId, reason) {
      // Room operations, so that with a Socket.IO adapter they reach the sockets held by other replicas
      // too; without one, each replica's sweep (session-sweep.ts) closes its own. The event is queued on
      // each socket before its disconnect packet, so the client learns why before it is cut off.
      io.to(sessionRoom(sessionId)).emit('auth:session-ended', { reason });
      io.in(sessionRoom(sessionId)).disconnectSockets(true);
    },
  };
}
