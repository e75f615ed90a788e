import type { MessageDto } from '../../../../contract/messages.ts';
import type { SelfUser } from '../../../../contract/users.ts';
import { desktopBridge } from '../../lib/desktopBridge.ts';
import { useConversations } from '../conversations/conversationsStore.ts';
import { bubbleText } from '../translation/bubbleText.ts';
import { useTranslations } from '../translation/translationStore.ts';
import { isMuted } from './mutedConversations.ts';

/** How long a notice waits for the reader's translation before it shows the original. */
export const TRANSLATION_WAIT_MS = 2_500;

/** The text of a message as this reader would see it now, or null while its translation is on its way. */
function settledText(message: MessageDto, self: SelfUser): string | null {
  const text = bubbleText(
    message,
    self,
    useTranslations.getState().entries[message.id],
    { kind: 'auto' },
    self.id,
  );
  return text.kind === 'pending' || text.kind === 'untranslated' ? null : text.text;
}

/**
 * The message in the reader's language: at once when it needs no translation or has one, otherwise as
 * soon as the translation arrives, and the original if none arrives within `waitMs` (a notice must not lag).
 */
export function textInReadersLanguage(message: MessageDto, self: SelfUser, waitMs: number): Promise<string> {
  const now = settledText(message, self);
  if (now !== null) return Promise.resolve(now);
  return new Promise((resolve) => {
    const finish = (text: string) => {
      clearTimeout(timer);
      stop();
      resolve(text);
    };
    const timer = setTimeout(() => {
      finish(message.content);
    }, waitMs);
    const stop = useTranslations.subscribe(() => {
      const text = settledText(message, self);
      if (text !== null) finish(text);
    });
  });
}

/** "Ana" for a direct message, "Ana · Trip to Lisbon" in a named group. */
function noticeTitle(message: MessageDto): string {
  const sender = message.sender.displayName;
  const conversation = useConversations.getState().list.find((c) => c.id === message.conversationId);
  return conversation?.title ? `${sender} · ${conversation.title}` : sender;
}

/**
 * Asks the desktop app to notify a new message; the main process decides whether to show it (window
 * focus, do-not-disturb, mute, own message). In a browser there is no bridge and nothing happens.
 */
export async function notifyNewMessage(
  message: MessageDto,
  self: SelfUser,
  waitMs = TRANSLATION_WAIT_MS,
): Promise<boolean> {
  const bridge = desktopBridge();
  const fromSelf = message.sender.id === self.id;
  if (bridge === undefined || fromSelf || message.deletedAt !== null) return false;
  const body = await textInReadersLanguage(message, self, waitMs);
  return bridge.notifyMessage({
    conversationId: message.conversationId,
    title: noticeTitle(message),
    body,
    fromSelf,
    conversationMuted: isMuted(message.conversationId),
  });
}
