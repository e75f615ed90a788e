import type { LanguageSettings } from '../../../../contract/users.ts';
import type { MessageDto } from '../../../../contract/messages.ts';
import { baseLanguage, needsTranslation, resolveDisplayLanguage } from './displayLanguage.ts';
import type { TranslationEntry, ViewChoice } from './translationStore.ts';

/** Everything a bubble needs to render its text and the line under it. */
export type BubbleText =
  | { kind: 'original'; text: string; reason: 'own-language' | 'chosen' | 'unavailable' }
  | { kind: 'translated'; text: string; targetLanguage: string; sourceLanguage: string }
  | { kind: 'pending'; text: string; targetLanguage: string }
  | { kind: 'failed'; text: string; targetLanguage: string; error: string }
  | { kind: 'untranslated'; text: string; targetLanguage: string };

/**
 * Decides what a reader sees for one message. When the wanted translation does not exist, the original is
 * shown with a state; another language is never substituted (Meeshy's rule).
 */
function knownSource(entries: Record<string, TranslationEntry> | undefined): string | null {
  for (const entry of Object.values(entries ?? {}))
    if (entry.status === 'translated') return entry.sourceLanguage;
  return null;
}

export function bubbleText(
  message: MessageDto,
  settings: LanguageSettings,
  entries: Record<string, TranslationEntry> | undefined,
  view: ViewChoice,
  readerId: string,
): BubbleText {
  const original = message.content;
  if (view.kind === 'original') return { kind: 'original', text: original, reason: 'chosen' };
  // Writers read their own words as they wrote them, whatever language they were detected as.
  if (view.kind === 'auto' && message.sender.id === readerId) {
    return { kind: 'original', text: original, reason: 'own-language' };
  }
  // A source the sender left to auto-detection is learnt from the translations that come back.
  const source = message.originalLanguage ?? knownSource(entries);
  const wanted = resolveDisplayLanguage(settings);
  const target =
    view.kind === 'language'
      ? view.language
      : needsTranslation(source, settings) ||
          (source === null && entries?.[baseLanguage(wanted)] !== undefined)
        ? wanted
        : null;
  if (target === null || message.deletedAt !== null)
    return { kind: 'original', text: original, reason: 'own-language' };
  const entry = entries?.[baseLanguage(target)];
  if (entry === undefined) return { kind: 'untranslated', text: original, targetLanguage: target };
  switch (entry.status) {
    case 'translated':
      // Edits drop stale entries (translationStore.invalidate), so what is here matches the text.
      return {
        kind: 'translated',
        text: entry.content,
        targetLanguage: target,
        sourceLanguage: entry.sourceLanguage,
      };
    case 'pending':
      return { kind: 'pending', text: original, targetLanguage: target };
    case 'failed':
      return { kind: 'failed', text: original, targetLanguage: target, error: entry.error };
  }
}
