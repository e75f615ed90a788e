import { create } from 'zustand';
import type {
  LanguageInfo,
  MessageTranslationDto,
  ModelProgressEvent,
  ModelTier,
  TranslationFailedEvent,
} from '../../../../contract/translations.ts';
import { baseLanguage } from './displayLanguage.ts';

export type TranslationEntry =
  | { status: 'pending'; tier: ModelTier | null }
  | { status: 'translated'; content: string; tier: ModelTier; sourceLanguage: string; model: string }
  | { status: 'failed'; error: string };

/** What a bubble shows: the reader's language by default, the original or another language on demand. */
export type ViewChoice = { kind: 'auto' } | { kind: 'original' } | { kind: 'language'; language: string };

export interface RestoredTranslations {
  messageId: string;
  version: number;
  editedAt: string | null;
  /** language (base code) → translation. */
  entries: Record<string, Extract<TranslationEntry, { status: 'translated' }>>;
}

export type TranslatorState = 'serving' | 'not-serving' | 'unreachable';

interface TranslationState {
  /** null until probed; false when the server has no translation API. */
  available: boolean | null;
  languages: LanguageInfo[] | null;
  /** Last `translator:status` seen; null until one arrives. */
  translator: TranslatorState | null;
  /** messageId → language (base code) → entry. */
  entries: Record<string, Record<string, TranslationEntry>>;
  views: Record<string, ViewChoice>;
  /**
   * messageId → the message's newest version seen and when its text was last edited: the stored
   * translations belong to that text, so a newer version with another edit time makes them stale.
   */
  texts: Record<string, { version: number; editedAt: string | null }>;
  models: Record<string, ModelProgressEvent>;
  setAvailability: (languages: LanguageInfo[] | null) => void;
  setTranslator: (state: TranslatorState) => void;
  markPending: (messageId: string, language: string, tier: ModelTier | null) => void;
  applyTranslation: (t: MessageTranslationDto) => void;
  applyFailure: (e: TranslationFailedEvent) => void;
  /** An edit makes every stored translation stale: forget them, the server retranslates. */
  invalidate: (messageId: string) => void;
  /**
   * Records a version of a message's text. Returns false for a copy older than one already seen, whose
   * translations must not be applied; drops the stored translations when the text was edited meanwhile.
   */
  noteText: (messageId: string, version: number, editedAt: string | null) => boolean;
  /**
   * Translations kept on this device (offline cache) for messages at the given version. A message already
   * known here is left alone: what this session learnt is fresher than the cache.
   */
  restore: (cached: readonly RestoredTranslations[]) => void;
  /** Signing out: nothing of the previous user's translations or view choices stays in memory. */
  clear: () => void;
  setView: (messageId: string, view: ViewChoice) => void;
  applyModelProgress: (e: ModelProgressEvent) => void;
}

export const useTranslations = create<TranslationState>((set) => {
  const put = (messageId: string, language: string, entry: TranslationEntry) => {
    set((s) => ({
      entries: { ...s.entries, [messageId]: { ...s.entries[messageId], [baseLanguage(language)]: entry } },
    }));
  };
  return {
    available: null,
    languages: null,
    translator: null,
    entries: {},
    views: {},
    texts: {},
    models: {},
    setAvailability: (languages) => {
      set({ available: languages !== null, languages });
    },
    setTranslator: (translator) => {
      set({ translator });
    },
    markPending: (messageId, language, tier) => {
      put(messageId, language, { status: 'pending', tier });
    },
    applyTranslation: (t) => {
      put(t.messageId, t.targetLanguage, {
        status: 'translated',
        content: t.content,
        tier: t.tier,
        sourceLanguage: t.sourceLanguage,
        model: t.model,
      });
    },
    applyFailure: (e) => {
      put(e.messageId, e.targetLanguage, { status: 'failed', error: e.message });
    },
    noteText: (messageId, version, editedAt) => {
      let fresh = true;
      set((s) => {
        const seen = s.texts[messageId];
        if (seen !== undefined && version < seen.version) {
          fresh = false;
          return s;
        }
        const edited = seen !== undefined && seen.editedAt !== editedAt;
        return {
          texts: { ...s.texts, [messageId]: { version, editedAt } },
          ...(edited ? { entries: { ...s.entries, [messageId]: {} } } : {}),
        };
      });
      return fresh;
    },
    restore: (cached) => {
      set((s) => {
        const texts = { ...s.texts };
        const entries = { ...s.entries };
        for (const c of cached) {
          if (texts[c.messageId] !== undefined) continue;
          texts[c.messageId] = { version: c.version, editedAt: c.editedAt };
          entries[c.messageId] = { ...c.entries };
        }
        return { texts, entries };
      });
    },
    clear: () => {
      set({ entries: {}, views: {}, texts: {} });
    },
    invalidate: (messageId) => {
      set((s) => {
        if (s.entries[messageId] === undefined) return s;
        return { entries: { ...s.entries, [messageId]: {} } };
      });
    },
    setView: (messageId, view) => {
      set((s) => ({ views: { ...s.views, [messageId]: view } }));
    },
    applyModelProgress: (e) => {
      set((s) => ({ models: { ...s.models, [e.tier]: e } }));
    },
  };
});
