import type { ConversationSummary } from '../../../../contract/conversations.ts';
import type { MessageDto } from '../../../../contract/messages.ts';
import type { RestoredTranslations, TranslationEntry } from '../translation/translationStore.ts';

/**
 * What the offline cache stores, and the bounds that keep it small: the conversation list and, for each
 * conversation opened, its newest messages with the translations this user saw. Pure functions, so the
 * bounds and the checks on what is read back are tested without a database.
 */

/** Raised when the shape changes: records of another format are ignored, as if absent. */
export const CACHE_FORMAT = 1;
export const MAX_CONVERSATIONS = 100;
export const MAX_MESSAGES_PER_CONVERSATION = 50;

type Translated = Extract<TranslationEntry, { status: 'translated' }>;
/** messageId → language (base code) → translation. */
export type CachedTranslations = Record<string, Record<string, Translated>>;

export interface ListRecord {
  format: typeof CACHE_FORMAT;
  owner: string;
  /**
   * The sync cursor when this was written: everything changed up to it is in the records. The cursor
   * itself is saved at once and the cache a moment later, so a start resyncs from this one when it is
   * lower (the window closed in between), or what changed meanwhile would stay stale in the cache.
   */
  cursor: number;
  conversations: ConversationSummary[];
  /** Translations of the previews (each conversation's last message). */
  translations: CachedTranslations;
}

export interface ConversationRecord {
  format: typeof CACHE_FORMAT;
  owner: string;
  conversationId: string;
  /** Oldest first, at most MAX_MESSAGES_PER_CONVERSATION. */
  messages: MessageDto[];
  translations: CachedTranslations;
}

/** What a start restores: the list and the opened conversations' newest messages. */
export interface CachedState {
  list: ListRecord;
  conversations: ConversationRecord[];
}

/**
 * A message's own `translations` (every language the server made) are dropped: only what this user saw,
 * kept from the translation store, is stored.
 */
function lean(message: MessageDto): MessageDto {
  return message.translations.length === 0 ? message : { ...message, translations: [] };
}

function translationsOf(
  messages: readonly MessageDto[],
  entries: Readonly<Record<string, Record<string, TranslationEntry> | undefined>>,
): CachedTranslations {
  const kept: CachedTranslations = {};
  for (const m of messages) {
    const translated = Object.entries(entries[m.id] ?? {}).filter(
      (pair): pair is [string, Translated] => pair[1].status === 'translated',
    );
    if (translated.length > 0) kept[m.id] = Object.fromEntries(translated);
  }
  return kept;
}

export function listRecord(
  owner: string,
  cursor: number,
  list: readonly ConversationSummary[],
  entries: Readonly<Record<string, Record<string, TranslationEntry> | undefined>>,
): ListRecord {
  // The store keeps the list by activity: the most recent conversations are the ones kept.
  const conversations = list.slice(0, MAX_CONVERSATIONS);
  const previews = conversations.flatMap((c) => (c.lastMessage === null ? [] : [c.lastMessage]));
  return {
    format: CACHE_FORMAT,
    owner,
    cursor,
    conversations: conversations.map((c) => ({
      ...c,
      lastMessage: c.lastMessage === null ? null : lean(c.lastMessage),
      // Presence is live: a stored "online" would still say so when the app next opens without a server.
      peer: c.peer === null ? null : { ...c.peer, isOnline: false },
    })),
    translations: translationsOf(previews, entries),
  };
}

export function conversationRecord(
  owner: string,
  conversationId: string,
  messages: readonly MessageDto[],
  entries: Readonly<Record<string, Record<string, TranslationEntry> | undefined>>,
): ConversationRecord {
  const newest = messages.slice(-MAX_MESSAGES_PER_CONVERSATION);
  return {
    format: CACHE_FORMAT,
    owner,
    conversationId,
    messages: newest.map(lean),
    translations: translationsOf(newest, entries),
  };
}

/** The translations of a record, ready for the translation store, tied to the message version they fit. */
export function restorable(
  messages: readonly MessageDto[],
  translations: CachedTranslations,
): RestoredTranslations[] {
  return messages.flatMap((m) => {
    const entries = translations[m.id];
    return entries === undefined
      ? []
      : [{ messageId: m.id, version: m.version, editedAt: m.editedAt, entries }];
  });
}

// What is read back may be from an older build, half-written or tampered with: anything that does not
// look right is ignored, never trusted into the stores.

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isStringOrNull = (v: unknown) => v === null || typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function isMessage(value: unknown): value is MessageDto {
  return (
    isObject(value) &&
    isString(value['id']) &&
    isString(value['conversationId']) &&
    isString(value['clientMessageId']) &&
    isObject(value['sender']) &&
    isString(value['sender']['id']) &&
    isString(value['content']) &&
    isStringOrNull(value['originalLanguage']) &&
    isStringOrNull(value['replyToId']) &&
    isNumber(value['seq']) &&
    isNumber(value['version']) &&
    isString(value['createdAt']) &&
    isStringOrNull(value['editedAt']) &&
    isStringOrNull(value['deletedAt']) &&
    Array.isArray(value['reactions']) &&
    Array.isArray(value['translations']) &&
    // Cached before attachments existed: dropped and fetched again rather than shown without its files.
    Array.isArray(value['attachments'])
  );
}

function isSummary(value: unknown): value is ConversationSummary {
  return (
    isObject(value) &&
    isString(value['id']) &&
    isString(value['type']) &&
    isStringOrNull(value['title']) &&
    isString(value['createdAt']) &&
    isStringOrNull(value['lastMessageAt']) &&
    isNumber(value['memberCount']) &&
    isNumber(value['unreadCount']) &&
    (value['lastMessage'] === null || isMessage(value['lastMessage'])) &&
    (value['peer'] === null || (isObject(value['peer']) && isString(value['peer']['id'])))
  );
}

function isTranslations(value: unknown): value is CachedTranslations {
  return (
    isObject(value) &&
    Object.values(value).every(
      (byLanguage) =>
        isObject(byLanguage) &&
        Object.values(byLanguage).every(
          (t) =>
            isObject(t) &&
            t['status'] === 'translated' &&
            isString(t['content']) &&
            isString(t['sourceLanguage']) &&
            isString(t['tier']) &&
            isString(t['model']),
        ),
    )
  );
}

export function readListRecord(value: unknown, owner: string): ListRecord | null {
  if (!isObject(value) || value['format'] !== CACHE_FORMAT || value['owner'] !== owner) return null;
  const { conversations, cursor } = value;
  if (!Array.isArray(conversations) || !isTranslations(value['translations'])) return null;
  if (!isNumber(cursor) || cursor < 0) return null;
  return {
    format: CACHE_FORMAT,
    owner,
    cursor,
    // One damaged summary costs that conversation, not the whole list.
    conversations: conversations.filter(isSummary).slice(0, MAX_CONVERSATIONS),
    translations: value['translations'],
  };
}

export function readConversationRecord(value: unknown, owner: string): ConversationRecord | null {
  if (!isObject(value) || value['format'] !== CACHE_FORMAT || value['owner'] !== owner) return null;
  const { conversationId, messages, translations } = value;
  if (!isString(conversationId) || !Array.isArray(messages) || !isTranslations(translations)) return null;
  return {
    format: CACHE_FORMAT,
    owner,
    conversationId,
    messages: messages
      .filter(isMessage)
      .filter((m) => m.conversationId === conversationId)
      .slice(-MAX_MESSAGES_PER_CONVERSATION),
    translations,
  };
}
