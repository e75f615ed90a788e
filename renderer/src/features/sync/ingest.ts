import type { MessageDto } from '../../../../contract/messages.ts';
import type { MessageWithTranslations } from '../../../../contract/translations.ts';
import type { SelfUser } from '../../../../contract/users.ts';
import { useTimelines } from '../chat/timelineStore.ts';
import { useConversations } from '../conversations/conversationsStore.ts';
import { needsTranslation, resolveDisplayLanguage, baseLanguage } from '../translation/displayLanguage.ts';
import { useTranslations } from '../translation/translationStore.ts';

/** Whether the user is looking at this conversation right now (then nothing in it is unread). */
export function isBeingRead(conversationId: string): boolean {
  return useConversations.getState().selectedId === conversationId && document.visibilityState === 'visible';
}

/** Applies one message, from any source (event, sync page, history, send ack), to every store. */
export function ingestMessage(message: MessageWithTranslations, self: SelfUser): void {
  const previous = useTimelines
    .getState()
    .timelines[message.conversationId]?.messages.find((m) => m.id === message.id);
  useTimelines.getState().applyMessage(message);
  useConversations.getState().applyMessage(message, self.id, !isBeingRead(message.conversationId));

  const translations = useTranslations.getState();
  if (previous !== undefined && previous.editedAt !== message.editedAt)
    translations.invalidate(message.id, message.version);
  for (const t of message.translations ?? []) translations.applyTranslation(t);
  expectTranslation(message, self);
}

/**
 * The server translates every new message into each reader's language; until its result arrives the
 * bubble says so. Only when the server has a translation API at all, or the state would never resolve.
 */
export function expectTranslation(message: MessageDto, self: SelfUser): void {
  const translations = useTranslations.getState();
  if (translations.available !== true || message.deletedAt !== null) return;
  if (!needsTranslation(message.originalLanguage, self)) return;
  const target = resolveDisplayLanguage(self);
  if (translations.entries[message.id]?.[baseLanguage(target)] !== undefined) return;
  translations.markPending(message.id, target, null);
}
