import type { SelfUser } from '../../../../contract/users.ts';
import { LIMITS } from '../../../../contract/limits.ts';
import { api, translationApi } from '../../app/services.ts';
import { useLive } from '../chat/liveStore.ts';
import { useTimelines } from '../chat/timelineStore.ts';
import { requestTicket, useConversations } from '../conversations/conversationsStore.ts';
import { useTranslations } from '../translation/translationStore.ts';
import { ingestMessage, ingestTranslations } from './ingest.ts';
import type { SyncCursor } from './syncCursor.ts';

// What the client asks the server over HTTP to fill its stores: the list, a conversation's detail, its
// history pages, and which languages can be translated.

export async function loadConversations(self: SelfUser | null, cursor: SyncCursor | null): Promise<void> {
  const ticket = requestTicket();
  const list = await api.conversations();
  useConversations.getState().setList(list, ticket);
  // Previews in the reader's language: the last messages carry their translations.
  if (self !== null) {
    for (const conversation of list) {
      if (conversation.lastMessage !== null) ingestTranslations(conversation.lastMessage, self);
    }
  }
  // The list names each direct chat's other person, with their presence: no conversation's detail is needed
  // to show it, so connecting costs one request however many conversations there are. Members (read
  // receipts, the details dialog) are loaded for the conversation being read.
  useLive.getState().seedPresence(list.flatMap((c) => (c.peer === null ? [] : [c.peer])));
  const selected = useConversations.getState().selectedId;
  if (selected !== null) await loadDetail(selected);
  if (cursor !== null && cursor.value === 0) {
    // First start on this device: history comes from the history pages, the cursor only needs to cover
    // what changes from now on. The newest known version is a safe starting point.
    cursor.save(Math.max(0, ...list.map((c) => c.lastMessage?.version ?? 0)));
  }
}

export async function loadDetail(conversationId: string): Promise<void> {
  const ticket = requestTicket();
  const detail = await api.conversation(conversationId).catch(() => null);
  if (detail === null) return;
  useConversations.getState().setDetail(detail, ticket);
  useLive.getState().seedPresence(detail.members.map((m) => m.user));
  // Read receipts from the server's record, so they survive a reload; live events move them on.
  for (const member of detail.members)
    useLive.getState().setRead(detail.id, member.user.id, member.lastReadSeq);
}

/** Loads the newest page the first time, then older pages from the `before` cursor. */
export async function loadHistory(
  conversationId: string,
  older: boolean,
  self: SelfUser | null,
): Promise<void> {
  const timeline = useTimelines.getState().timelines[conversationId];
  const before = older ? (timeline?.nextCursor ?? null) : null;
  if (older && before === null) return;
  const page = await api.history(conversationId, before, LIMITS.historyPageDefault);
  useTimelines.getState().applyPage(conversationId, page, older);
  if (self !== null) for (const m of page.messages) ingestMessage(m, self);
}

/** Which languages the translator offers; unknown (null) when it cannot be asked. */
export function loadTranslationAvailability(): void {
  void translationApi.languages().then(
    (languages) => {
      useTranslations.getState().setAvailability(languages);
    },
    () => {
      useTranslations.getState().setAvailability(null);
    },
  );
}
