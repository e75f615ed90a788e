import type { MessageDto } from '../../../../contract/messages.ts';
import type { SelfUser } from '../../../../contract/users.ts';
import { useTimelines } from '../chat/timelineStore.ts';
import { useConversations } from '../conversations/conversationsStore.ts';
import { baseLanguage, needsTranslation, resolveDisplayLanguage } from '../translation/displayLanguage.ts';
import { canTranslateOnDevice, translateOnDevice } from '../translation/onDeviceTranslation.ts';
import { useTranslations } from '../translation/translationStore.ts';

/** Whether the user is looking at this conversation right now (then nothing in it is unread). */
export function isBeingRead(conversationId: string): boolean {
  return useConversations.getState().selectedId === conversationId && document.visibilityState === 'visible';
}

/** Applies one message, from any source (event, sync page, history, send ack), to every store. */
export function ingestMessage(message: MessageDto, self: SelfUser): void {
  useTimelines.getState().applyMessage(message);
  useConversations.getState().applyMessage(message, self.id, !isBeingRead(message.conversationId));
  ingestTranslations(message, self);
}

/** Applies what a message copy says about its translations (a list preview is such a copy too). */
export function ingestTranslations(message: MessageDto, self: SelfUser): void {
  const translations = useTranslations.getState();
  // An edit is retranslated by the server: what was stored for the old text must not show any more,
  // whether or not the old copy was ever loaded here; a copy older than one already seen adds nothing.
  if (!translations.noteText(message.id, message.version, message.editedAt)) return;
  for (const t of message.translations) {
    translations.applyTranslation(t);
  }
  expectTranslation(message, self);
}

/**
 * Shows "translating…" only for a translation the server will produce on its own: the source must be
 * known (declared by the sender) and the reader's language one of the server's targets for them. Other
 * cases show the original until a translation arrives or the reader asks for one.
 */
export function expectTranslation(message: MessageDto, self: SelfUser): void {
  const translations = useTranslations.getState();
  if (message.deletedAt !== null || message.sender.id === self.id) return;
  // A server without translation (a remote one, in the desktop app): this device translates instead.
  if (translations.available === false && canTranslateOnDevice()) {
    // An undeclared source is detected by the device's translator (the server detected nothing).
    if (message.originalLanguage === null || needsTranslation(message.originalLanguage, self))
      void translateOnDevice(message, resolveDisplayLanguage(self));
    return;
  }
  if (translations.available !== true) return;
  if (!needsTranslation(message.originalLanguage, self)) return;
  const target = resolveDisplayLanguage(self);
  if (translations.entries[message.id]?.[baseLanguage(target)] !== undefined) return;
  if (!serverTranslatesInto(target, self)) return;
  translations.markPending(message.id, target, null);
}

/** Meeshy's target rule, as the server applies it: system always; regional and custom by their flags. */
function serverTranslatesInto(target: string, self: SelfUser): boolean {
  const same = (code: string | null) => code !== null && baseLanguage(code) === baseLanguage(target);
  if (same(self.systemLanguage)) return true;
  if (!self.autoTranslateEnabled) return false;
  return (
    (self.translateToRegionalLanguage && same(self.regionalLanguage)) ||
    (self.useCustomDestination && same(self.customDestinationLanguage))
  );
}
