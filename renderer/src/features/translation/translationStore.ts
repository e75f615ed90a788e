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
  | { status: 'translated'; content: string; tier: ModelTier; sourceLanguage: string; messageVersion: number }
  | { status: 'failed'; error: string };

/** What a bubble shows: the reader's language by default, the original or another language on demand. */
export type ViewChoice = { kind: 'auto' } | { kind: 'original' } | { kind: 'language'; language: string };

interface TranslationState {
  /** null until probed; false when the server has no translation API yet. */
  available: boolean | null;
  languages: LanguageInfo[] | null;
  /** messageId → language (base code) → entry. */
  entries: Record<string, Record<string, TranslationEntry>>;
  views: Record<string, ViewChoice>;
  models: Record<string, ModelProgressEvent>;
  setAvailability: (languages: LanguageInfo[] | null) => void;
  markPending: (messageId: string, language: string, tier: ModelTier | null) => void;
  applyTranslation: (t: MessageTranslationDto) => void;
  applyFailure: (e: TranslationFailedEvent) => void;
  /** An edit makes every stored translation stale: forget them, the server retranslates. */
  invalidate: (messageId: string, version: number) => void;
  setView: (messageId: string, view: ViewChoice) => void;
  applyModelProgress: (e: ModelProgressEvent) => void;
}

export const useTranslations = create<TranslationState>((set) => ({
  available: null,
  languages: null,
  entries: {},
  views: {},
  models: {},
  setAvailability: (languages) => {
    set({ available: languages !== null, languages });
  },
  markPending: (messageId, language, tier) => {
    set((s) => ({
      entries: {
        ...s.entries,
        [messageId]: { ...s.entries[messageId], [baseLanguage(language)]: { status: 'pending', tier } },
      },
    }));
  },
  applyTranslation: (t) => {
    set((s) => ({
      entries: {
        ...s.entries,
        [t.messageId]: {
          ...s.entries[t.messageId],
          [baseLanguage(t.targetLanguage)]: {
            status: 'translated',
            content: t.content,
            tier: t.tier,
            sourceLanguage: t.sourceLanguage,
            messageVersion: t.messageVersion,
          },
        },
      },
    }));
  },
  applyFailure: (e) => {
    set((s) => ({
      entries: {
        ...s.entries,
        [e.messageId]: {
          ...s.entries[e.messageId],
          [baseLanguage(e.targetLanguage)]: { status: 'failed', error: e.message },
        },
      },
    }));
  },
  invalidate: (messageId, version) => {
    set((s) => {
      const current = s.entries[messageId];
      if (current === undefined) return s;
      const kept = Object.fromEntries(
        Object.entries(current).filter(([, e]) => e.status !== 'translated' || e.messageVersion >= version),
      );
      return { entries: { ...s.entries, [messageId]: kept } };
    });
  },
  setView: (messageId, view) => {
    set((s) => ({ views: { ...s.views, [messageId]: view } }));
  },
  applyModelProgress: (e) => {
    set((s) => ({ models: { ...s.models, [e.tier]: e } }));
  },
}));
