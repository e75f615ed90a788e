import type { ChatRepository } from '../repository.ts';
import type { ConversationRecord, MemberRecord } from '../stores/conversations.ts';

/**
 * The repository's methods that change no conversation and no membership, or change only what the cache
 * below keeps up to date itself (a send's `lastMessageAt` and its sender's `lastReadSeq`, a read mark).
 * Every other method empties the cache: one added later is safe by default, at worst slower.
 */
const KEEPS_MEMBERSHIP: ReadonlySet<string> = new Set<keyof ChatRepository>([
  // reads
  'findConversation',
  'findMembership',
  'listMembers',
  'listConversationsForUser',
  'conversationIdsForUser',
  'findMessage',
  'findMessageByClientId',
  'listMessages',
  'changesForUser',
  'searchMessages',
  'findUserById',
  'findUsersByIds',
  'findUserByUsernameOrEmail',
  'searchUsers',
  'findUsersNamedLike',
  'findSession',
  'openSessionsOf',
  'endedSessions',
  'findRefreshTokenByHash',
  'findAttachment',
  'findAttachments',
  'isBlobUsed',
  'listShareLinks',
  'findShareLinkByHash',
  'countTranslationJobs',
  'readerLanguages',
  'ping',
  'engine',
  'probeWrite',
  'close',
  // writes to messages, reactions, translations, users' own rows and sign-ins only
  'insertMessage',
  'markRead',
  'editMessage',
  'deleteMessage',
  'addReaction',
  'removeReaction',
  'claimTranslationJobs',
  'renewTranslationJobClaims',
  'releaseTranslationJobClaims',
  'rescheduleTranslationJob',
  'deleteTranslationJob',
  'expandTranslationJob',
  'saveTranslation',
  'enqueueTranslation',
  'updateUser',
  'setUserRole',
  'setLastSeen',
  'startSession',
  'rotateRefreshToken',
  'endSession',
]);

/** Past this many entries the cache starts over (a bound on memory, not a tuning knob). */
const MAX_ENTRIES = 100_000;

const memberKey = (conversationId: string, userId: string) => `${conversationId}\u0000${userId}`;

/**
 * Every send, and every other conversation call, first checks that the caller is a member (`requireMember`:
 * `findMembership` and `findConversation`, 6 % of the server's time under `npm run bench:chat`). This keeps
 * the answers in memory.
 *
 * Only on SQLite, where it is correct: a SQLite database has one server process (the data-folder lock
 * refuses a second, server/main.ts), and in it every write goes through this repository, so each change is
 * seen here as it is made. Postgres is shared by replicas: a member removed through replica A would still
 * be in replica B's cache, and an invalidation sent between replicas (the Socket.IO adapter's
 * serverSideEmit, a Redis message) arrives after the removal's answer, leaving a window in which B still
 * accepts the removed member's sends. So Postgres keeps asking the database.
 *
 * How it stays right: any method not in KEEPS_MEMBERSHIP empties the cache once it returns (SQLite writes
 * synchronously, so the change is made by then) and again when its promise settles; an entry read from
 * the database is kept only if nothing emptied the cache since the read began. The two fields a send or
 * read mark changes are updated in place once that write is answered (durable): the conversation's
 * `lastMessageAt`, the member's `lastReadSeq`. Entries are frozen, so no caller can change them.
 */
export function withMembershipCache(methods: ChatRepository): ChatRepository {
  const members = new Map<string, Readonly<MemberRecord>>();
  const conversations = new Map<string, Readonly<ConversationRecord>>();
  let generation = 0;
  const empty = () => {
    generation += 1;
    members.clear();
    conversations.clear();
  };
  const remember = <T>(cache: Map<string, Readonly<T>>, key: string, read: () => Promise<T | undefined>) => {
    const readAt = generation;
    return read().then((value) => {
      if (value !== undefined && readAt === generation) {
        if (cache.size >= MAX_ENTRIES) empty();
        cache.set(key, Object.freeze({ ...value }));
      }
      return value;
    });
  };
  const update = <T>(cache: Map<string, Readonly<T>>, key: string, change: Partial<T>) => {
    const cached = cache.get(key);
    if (cached !== undefined) cache.set(key, Object.freeze({ ...cached, ...change }));
  };

  const wrapped = Object.fromEntries(
    Object.entries(methods).map(([name, method]) => {
      if (KEEPS_MEMBERSHIP.has(name)) return [name, method];
      const changing = (...args: unknown[]): unknown => {
        try {
          const result = (method as (...params: unknown[]) => unknown)(...args);
          if (result instanceof Promise) void result.finally(empty).catch(() => undefined);
          return result;
        } finally {
          empty();
        }
      };
      return [name, changing];
    }),
  ) as unknown as ChatRepository;

  return {
    ...wrapped,
    findMembership(conversationId, userId) {
      const key = memberKey(conversationId, userId);
      const cached = members.get(key);
      if (cached !== undefined) return Promise.resolve(cached);
      return remember(members, key, () => methods.findMembership(conversationId, userId));
    },
    findConversation(id) {
      const cached = conversations.get(id);
      if (cached !== undefined) return Promise.resolve(cached);
      return remember(conversations, id, () => methods.findConversation(id));
    },
    insertMessage(input) {
      return methods.insertMessage(input).then((stored) => {
        if (!stored.duplicate) {
          update(conversations, input.conversationId, { lastMessageAt: stored.message.createdAt });
          update(members, memberKey(input.conversationId, input.senderId), {
            lastReadSeq: stored.message.seq,
          });
        }
        return stored;
      });
    },
    markRead(conversationId, userId, seq) {
      return methods.markRead(conversationId, userId, seq).then((moved) => {
        if (moved) update(members, memberKey(conversationId, userId), { lastReadSeq: seq });
        return moved;
      });
    },
  };
}
