import { describe, expect, it } from 'vitest';
import type { TranslationEntry } from '../translation/translationStore.ts';
import {
  conversationRecord,
  listRecord,
  MAX_CONVERSATIONS,
  MAX_MESSAGES_PER_CONVERSATION,
  readConversationRecord,
  readListRecord,
} from './records.ts';
import { resyncCursor } from './hydrate.ts';
import { french, message, summary } from '../../../../test-support/chat-data.ts';

const OWNER = 'u1@http://server.test';
const translated = (content: string): TranslationEntry => ({
  status: 'translated',
  content,
  tier: 'medium',
  sourceLanguage: 'en',
  model: 'nllb',
});

describe('cache records: bounds', () => {
  it('keeps the most recent conversations only', () => {
    const list = Array.from({ length: MAX_CONVERSATIONS + 20 }, (_, i) => summary(`c${String(i)}`, 1000 - i));
    const record = listRecord(OWNER, 3, list, {});
    expect(record.conversations).toHaveLength(MAX_CONVERSATIONS);
    expect(record.conversations[0]?.id).toBe('c0');
  });

  it('keeps a conversation’s newest messages, with only the translations the user saw', () => {
    const messages = Array.from({ length: 80 }, (_, i) =>
      message('c1', i + 1, { translations: [french(message('c1', i + 1), 'tout')] }),
    );
    const newest = messages.at(-1);
    const oldest = messages[0];
    if (newest === undefined || oldest === undefined) throw new Error('no messages');
    const record = conversationRecord(OWNER, 'c1', messages, {
      [newest.id]: { fr: translated('le dernier'), de: { status: 'pending', tier: null } },
      [oldest.id]: { fr: translated('le premier') },
    });
    expect(record.messages).toHaveLength(MAX_MESSAGES_PER_CONVERSATION);
    expect(record.messages[0]?.seq).toBe(31);
    expect(record.messages.every((m) => m.translations.length === 0)).toBe(true);
    // Pending entries are not kept, nor translations of messages that are not kept.
    expect(record.translations).toEqual({ [newest.id]: { fr: translated('le dernier') } });
  });
});

describe('cache records: what is read back', () => {
  it('does not keep anyone “online”: presence is only known from the server', () => {
    const peer = {
      id: 'u2',
      username: 'bruno',
      displayName: 'Bruno',
      systemLanguage: 'fr',
      isOnline: true,
      lastSeenAt: null,
    };
    const record = listRecord(OWNER, 3, [{ ...summary('c1', 1), type: 'direct', peer }], {});
    expect(record.conversations[0]?.peer).toEqual({ ...peer, isOnline: false });
  });

  it('reads back what was written', () => {
    const m = message('c1', 1);
    const list = listRecord(OWNER, 3, [summary('c1', 1, m)], { [m.id]: { fr: translated('bonjour') } });
    expect(readListRecord(structuredClone(list), OWNER)).toEqual(list);
    const conversation = conversationRecord(OWNER, 'c1', [m], {});
    expect(readConversationRecord(structuredClone(conversation), OWNER)).toEqual(conversation);
  });

  it('ignores records of another owner, another format or another shape', () => {
    const list = listRecord(OWNER, 3, [summary('c1', 1)], {});
    expect(readListRecord(list, 'u2@http://server.test')).toBeNull();
    expect(readListRecord({ ...list, format: 99 }, OWNER)).toBeNull();
    expect(readListRecord({ ...list, conversations: 'nope' }, OWNER)).toBeNull();
    expect(
      readListRecord({ ...list, translations: { m1: { fr: { status: 'pending' } } } }, OWNER),
    ).toBeNull();
    expect(readListRecord({ ...list, cursor: 'x' }, OWNER)).toBeNull();
    expect(readListRecord(null, OWNER)).toBeNull();
    expect(readListRecord('{"format":1}', OWNER)).toBeNull();
    expect(readConversationRecord({ format: 1, owner: OWNER }, OWNER)).toBeNull();
  });

  it('drops damaged items without losing the rest', () => {
    const good = message('c1', 2);
    const record = {
      ...conversationRecord(OWNER, 'c1', [good], {}),
      messages: [{ id: 'broken' }, good, message('other', 3), 42],
    };
    expect(readConversationRecord(record, OWNER)?.messages).toEqual([good]);
    const list = { ...listRecord(OWNER, 3, [summary('c1', 1)], {}) };
    const damaged = { ...list, conversations: [...list.conversations, { id: 'c2', title: 7 }] };
    expect(readListRecord(damaged, OWNER)?.conversations.map((c) => c.id)).toEqual(['c1']);
  });
});

describe('where the resync starts after a start from the cache', () => {
  it('replays what the cache may have missed, never less', () => {
    expect(resyncCursor(120, 100)).toBe(100);
    expect(resyncCursor(100, 120)).toBe(100);
    // No cursor on this device (storage cleared): the cache's, not "from now on".
    expect(resyncCursor(0, 100)).toBe(100);
  });
});
