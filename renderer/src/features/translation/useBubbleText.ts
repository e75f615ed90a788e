import type { MessageDto } from '../../../../contract/messages.ts';
import { useAuth } from '../auth/authStore.ts';
import { bubbleText, type BubbleText } from './bubbleText.ts';
import { useTranslations, type ViewChoice } from './translationStore.ts';

const AUTO: ViewChoice = { kind: 'auto' };

/** What this reader sees for a message, re-rendering when a translation or the settings change. */
export function useBubbleText(message: MessageDto): BubbleText {
  const user = useAuth((s) => s.session?.user);
  const entries = useTranslations((s) => s.entries[message.id]);
  const view = useTranslations((s) => s.views[message.id] ?? AUTO);
  if (user === undefined) return { kind: 'original', text: message.content, reason: 'own-language' };
  return bubbleText(message, user, entries, view, user.id);
}
