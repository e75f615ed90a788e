import { useLive } from '../features/chat/liveStore.ts';
import { useTimelines } from '../features/chat/timelineStore.ts';
import { useConversations } from '../features/conversations/conversationsStore.ts';
import { useOutboxEntries } from '../features/sync/outboxStore.ts';
import { useTranslations } from '../features/translation/translationStore.ts';
import { useView } from './viewStore.ts';

/** Forget everything of the previous user, so nothing of theirs shows to the next one. */
export function resetUserState(): void {
  useTimelines.getState().reset();
  useConversations.getState().reset();
  useLive.getState().reset();
  useTranslations.getState().clear();
  // The outbox stays stored under its owner's id, to be sent when they sign in again; it only leaves the
  // screen of whoever signs in next.
  useOutboxEntries.setState({ entries: [] });
  // The next person to sign in starts on their chats, not on the screen the last one left open.
  useView.getState().setView('chats');
}
