import type { SelfUser } from '../../../../contract/users.ts';
import type { MeeshySocket } from '../../lib/realtime/socket.ts';
import { useLive } from '../chat/liveStore.ts';
import { useTimelines } from '../chat/timelineStore.ts';
import { useConversations } from '../conversations/conversationsStore.ts';
import { useTranslations } from '../translation/translationStore.ts';
import { notifyNewMessage } from '../notifications/messageNotifier.ts';
import { ingestMessage, ingestTranslations } from './ingest.ts';
import { applyUserUpdate } from './userUpdates.ts';

/** A lost typing:stop must not leave "is typing…" on screen forever. */
const TYPING_TTL_MS = 6_000;

/**
 * Routes every server event into the stores; returns the function that unbinds them. `reloadConversation`
 * reads one conversation's summary and members again (one request), adding it to the list if missing.
 */
export function bindSocketEvents(
  socket: MeeshySocket,
  self: () => SelfUser | null,
  reloadConversation: (conversationId: string) => void,
): () => void {
  const withSelf = (fn: (me: SelfUser) => void) => {
    const me = self();
    if (me !== null) fn(me);
  };
  const onMessage = (message: Parameters<typeof ingestMessage>[0]) => {
    withSelf((me) => {
      if (!useConversations.getState().list.some((c) => c.id === message.conversationId))
        reloadConversation(message.conversationId);
      ingestMessage(message, me);
      useLive.getState().stopTyping(message.conversationId, message.sender.id);
    });
  };
  socket.on('message:new', (message) => {
    onMessage(message);
    // Only a new message is notified (in the desktop app): edits, reactions and late languages are not news.
    withSelf((me) => void notifyNewMessage(message, me));
  });
  socket.on('message:edited', onMessage);
  // The source language settled after the send: "translating…" can show from now on.
  socket.on('message:language', onMessage);
  socket.on('reaction:added', onMessage);
  socket.on('reaction:removed', onMessage);
  socket.on('message:deleted', ({ conversationId, messageId, version }) => {
    useTimelines.getState().applyDeleted(conversationId, messageId, version);
    useConversations.getState().applyDeleted(conversationId, messageId);
  });
  socket.on('conversation:read', ({ conversationId, userId, seq }) => {
    useLive.getState().setRead(conversationId, userId, seq);
    if (userId === self()?.id) useConversations.getState().markAllRead(conversationId);
  });
  socket.on('conversation:new', (conversation) => {
    // The summary is complete (title or peer, last message): nothing else to fetch.
    useConversations.getState().upsert(conversation);
    // Its preview in the reader's language, as the list shows every other conversation's.
    const lastMessage = conversation.lastMessage;
    if (lastMessage !== null)
      withSelf((me) => {
        ingestTranslations(lastMessage, me);
      });
    socket.emit('conversation:join', { conversationId: conversation.id }, () => undefined);
  });
  socket.on('conversation:updated', ({ conversationId }) => {
    // Renamed, or members changed: only that conversation is read again, not the user's whole list.
    reloadConversation(conversationId);
  });
  socket.on('conversation:removed', ({ conversationId, reason }) => {
    useConversations.getState().removedByServer(conversationId, reason);
  });
  socket.on('typing:start', ({ conversationId, userId, username }) => {
    if (userId === self()?.id) return;
    useLive.getState().startTyping(conversationId, userId, username, Date.now() + TYPING_TTL_MS);
  });
  socket.on('typing:stop', ({ conversationId, userId }) => {
    useLive.getState().stopTyping(conversationId, userId);
  });
  socket.on('user:status', ({ userId, isOnline, lastSeenAt }) => {
    useLive.getState().setPresence(userId, { isOnline, lastSeenAt });
  });
  socket.on('user:updated', applyUserUpdate);
  socket.on('message:translation', (t) => {
    useTranslations.getState().applyTranslation(t);
  });
  socket.on('translation:failed', (e) => {
    useTranslations.getState().applyFailure(e);
  });
  socket.on('translator:status', ({ state }) => {
    useTranslations.getState().setTranslator(state);
  });
  socket.on('model:progress', (e) => {
    useTranslations.getState().applyModelProgress(e);
  });
  return () => {
    socket.removeAllListeners();
  };
}
