import type { RealtimePublisher } from '../domain/realtime-publisher.ts';
import { conversationRoom, userRoom } from './rooms.ts';
import type { ChatServer } from './types.ts';

export function createSocketPublisher(io: ChatServer): RealtimePublisher {
  return {
    toConversation(conversationId, event, ...args) {
      io.to(conversationRoom(conversationId)).emit(event, ...args);
    },
    toUser(userId, event, ...args) {
      io.to(userRoom(userId)).emit(event, ...args);
    },
    toEveryone(event, ...args) {
      io.emit(event, ...args);
    },
    subscribeUser(userId, conversationId) {
      io.in(userRoom(userId)).socketsJoin(conversationRoom(conversationId));
    },
    unsubscribeUser(userId, conversationId) {
      io.in(userRoom(userId)).socketsLeave(conversationRoom(conversationId));
    },
  };
}
