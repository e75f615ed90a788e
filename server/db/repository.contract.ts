import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GLOBAL_CONVERSATION_ID, type MemberRole } from '../../contract/conversations.ts';
import type { ChatRepository } from './repository.ts';
import { UniqueViolationError, type UserRecord } from './stores/users.ts';

// The behaviour every storage implementation owes the server, run against each of them
// (./repository.contract.test.ts): what one store does, the other must do identically.

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();

export async function addUser(repository: ChatRepository, name: string): Promise<UserRecord> {
  return repository.createUser({
    id: randomUUID(),
    username: name,
    email: `${name.toLowerCase()}@example.test`,
    displayName: `${name} Display`,
    passwordHash: 'hash',
    systemLanguage: 'en',
    regionalLanguage: null,
    customDestinationLanguage: null,
    autoTranslateEnabled: true,
    translateToSystemLanguage: true,
    translateToRegionalLanguage: false,
    useCustomDestination: false,
    readLanguages: ['fr'],
    createdAt: at(0),
  });
}

export async function addGroup(
  repository: ChatRepository,
  members: readonly { userId: string; role: MemberRole }[],
): Promise<string> {
  const id = randomUUID();
  await repository.createConversation(
    {
      id,
      type: 'group',
      title: 'Group',
      description: null,
      directKey: null,
      createdBy: members[0]?.userId ?? null,
      createdAt: at(1),
      updatedAt: at(1),
      lastMessageAt: null,
    },
    members,
  );
  return id;
}

/** Claims due jobs at second `second` of the test's clock, for a 30 s lease. */
export function claim(repository: ChatRepository, owner: string, second: number, limit = 10) {
  return repository.claimTranslationJobs({
    owner,
    now: at(second),
    leaseUntil: at(second + 30),
    limit,
    exclude: [],
  });
}

export function sendAs(
  repository: ChatRepository,
  conversationId: string,
  senderId: string,
  clientId: string,
) {
  return repository.insertMessage({
    id: randomUUID(),
    conversationId,
    senderId,
    clientMessageId: clientId,
    content: `text ${clientId}`,
    originalLanguage: null,
    replyToId: null,
    createdAt: at(2),
  });
}

/**
 * Runs the contract on repositories from `open` (a fresh, migrated, empty database per test);
 * `openReplica` opens a second repository on the database `open` made last, as another server would.
 */
export function describeRepository(
  name: string,
  open: () => Promise<ChatRepository>,
  openReplica: () => Promise<ChatRepository>,
): void {
  describe(`repository contract: ${name}`, () => {
    let repository: ChatRepository;
    const replicas: ChatRepository[] = [];
    beforeEach(async () => {
      repository = await open();
    });
    afterEach(async () => {
      for (const replica of replicas.splice(0)) await replica.close();
      await repository.close();
    });

    it('stores users with their settings and times as given, unique by case-less username and by email', async () => {
      const ann = await addUser(repository, 'Ann');
      expect(ann).toMatchObject({ username: 'Ann', readLanguages: ['fr'], autoTranslateEnabled: true });
      expect(ann.createdAt).toBe(at(0));
      expect(await repository.findUserByUsernameOrEmail(' ANN ')).toEqual(ann);
      await expect(
        repository.createUser({ ...ann, id: randomUUID(), username: 'aNN', email: 'other@example.test' }),
      ).rejects.toEqual(new UniqueViolationError('username'));
      await expect(repository.createUser({ ...ann, id: randomUUID(), username: 'other' })).rejects.toEqual(
        new UniqueViolationError('email'),
      );
      expect((await repository.listMembers(GLOBAL_CONVERSATION_ID)).map((m) => m.userId)).toEqual([ann.id]);
    });

    it('makes the first account the server owner and the others members; changes a role', async () => {
      const ann = await addUser(repository, 'Ann');
      const bob = await addUser(repository, 'Bob');
      expect([ann.role, bob.role]).toEqual(['owner', 'member']);
      await repository.setUserRole(bob.id, 'operator', at(5));
      expect(await repository.findUserById(bob.id)).toMatchObject({ role: 'operator', updatedAt: at(5) });
    });

    it('searches usernames and display names regardless of case, wildcards taken literally', async () => {
      const ann = await addUser(repository, 'Ann');
      const bob = await addUser(repository, 'Bob_1');
      await addUser(repository, 'Bobx1');
      expect((await repository.searchUsers('bob_', 10, ann.id)).map((u) => u.id)).toEqual([bob.id]);
      expect((await repository.searchUsers('DISPLAY', 10, ann.id)).length).toBe(2);
    });

    it('rotates a refresh token once, ends a sign-in once, and purges what is expired', async () => {
      const ann = await addUser(repository, 'Ann');
      const token = (id: string, hash: string) => ({
        id,
        userId: ann.id,
        familyId: 'family',
        tokenHash: hash,
        expiresAt: at(50),
        rotatedAt: null,
        revokedAt: null,
        createdAt: at(3),
      });
      await repository.startSession(
        { id: 'family', userId: ann.id, createdAt: at(3), deviceLabel: 'Firefox · Linux', lastUsedAt: at(3) },
        token('t1', 'h1'),
      );
      const rotations = await Promise.all(
        ['t2', 't3'].map((id) => repository.rotateRefreshToken('t1', at(4), token(id, `h-${id}`))),
      );
      expect(rotations.filter(Boolean)).toHaveLength(1);
      expect((await repository.findSession('family'))?.lastUsedAt).toBe(at(4));
      expect((await repository.openSessionsOf(ann.id)).map((s) => s.id)).toEqual(['family']);
      expect(await repository.endSession('family', at(5), 'signed-out')).toBe(true);
      expect(await repository.endSession('family', at(6), 'revoked')).toBe(false);
      expect(await repository.endedSessions(['family', 'other'])).toEqual([
        { id: 'family', reason: 'signed-out' },
      ]);
      expect(await repository.purgeExpired(at(51), at(6), at(0))).toEqual({ refreshTokens: 2, sessions: 1 });
      expect(await repository.findRefreshTokenByHash('h1')).toBeUndefined();
    });

    it('creates a direct conversation once per pair and lists it with its peer', async () => {
      const [ann, bob] = [await addUser(repository, 'Ann'), await addUser(repository, 'Bob')];
      const direct = (id: string) =>
        repository.createConversation(
          {
            id,
            type: 'direct',
            title: null,
            description: null,
            directKey: [ann.id, bob.id].sort().join(':'),
            createdBy: ann.id,
            createdAt: at(1),
            updatedAt: at(1),
            lastMessageAt: null,
          },
          [
            { userId: ann.id, role: 'member' },
            { userId: bob.id, role: 'member' },
          ],
        );
      const first = await direct('d1');
      const second = await direct('d2');
      expect([first.created, second.created]).toEqual([true, false]);
      expect(second.conversation.id).toBe('d1');
      const [row] = await repository.listConversationsForUser(ann.id, 'd1');
      expect(row).toMatchObject({ peerUserId: bob.id, memberCount: 2, unreadCount: 0, lastMessage: null });
    });

    it('sends idempotently by client id, numbers every change, counts unread messages and resyncs by version', async () => {
      const [ann, bob] = [await addUser(repository, 'Ann'), await addUser(repository, 'Bob')];
      const group = await addGroup(repository, [
        { userId: ann.id, role: 'admin' },
        { userId: bob.id, role: 'member' },
      ]);
      const first = await sendAs(repository, group, ann.id, 'c1');
      const again = await sendAs(repository, group, ann.id, 'c1');
      expect(again).toEqual({ message: first.message, duplicate: true });
      const second = await sendAs(repository, group, ann.id, 'c2');
      expect(second.message.seq).toBeGreaterThan(first.message.seq);
      const [bobsRow] = await repository.listConversationsForUser(bob.id, group);
      expect(bobsRow).toMatchObject({ unreadCount: 2, lastMessage: { id: second.message.id } });
      expect(await repository.markRead(group, bob.id, first.message.seq)).toBe(true);
      expect(await repository.markRead(group, bob.id, first.message.seq)).toBe(false);
      expect((await repository.listConversationsForUser(bob.id, group))[0]?.unreadCount).toBe(1);

      const reacted = await repository.addReaction(first.message.id, bob.id, '👍', at(3));
      expect(reacted?.reactions).toEqual([{ emoji: '👍', count: 1, userIds: [bob.id] }]);
      expect(await repository.addReaction(first.message.id, bob.id, '👍', at(3))).toBeUndefined();
      const edited = await repository.editMessage(second.message.id, 'changed', at(4));
      expect(edited).toMatchObject({ content: 'changed', editedAt: at(4) });
      const changes = await repository.changesForUser(bob.id, second.message.seq, 10);
      expect(changes.map((m) => m.id)).toEqual([first.message.id, second.message.id]);
      const deleted = await repository.deleteMessage(first.message.id, at(5));
      expect(deleted).toMatchObject({ content: '', deletedAt: at(5), reactions: [] });
      expect((await repository.listMessages(group, undefined, 10)).map((m) => m.id)).toEqual([
        second.message.id,
        first.message.id,
      ]);
    });

    it('stores a retry sent in the same turn as its first attempt once, answers both with it, and leaves no gap in the change numbers', async () => {
      const ann = await addUser(repository, 'Ann');
      const group = await addGroup(repository, [{ userId: ann.id, role: 'admin' }]);
      const [first, retry] = await Promise.all([
        sendAs(repository, group, ann.id, 'c1'),
        sendAs(repository, group, ann.id, 'c1'),
      ]);
      expect(first.duplicate).toBe(false);
      expect(retry).toEqual({ message: first.message, duplicate: true });
      const next = await sendAs(repository, group, ann.id, 'c2');
      expect(next.message.seq).toBe(first.message.seq + 1);
      expect((await repository.listMessages(group, undefined, 10)).map((m) => m.id)).toEqual([
        next.message.id,
        first.message.id,
      ]);
    });

    it('answers membership and conversation lookups as they are after every change', async () => {
      const [ann, bob, cat] = [
        await addUser(repository, 'Ann'),
        await addUser(repository, 'Bob'),
        await addUser(repository, 'Cat'),
      ];
      const group = await addGroup(repository, [
        { userId: ann.id, role: 'admin' },
        { userId: bob.id, role: 'member' },
      ]);
      // Each lookup is asked once before each change, so an answer kept from before would show.
      expect(await repository.findMembership(group, bob.id)).toMatchObject({
        role: 'member',
        lastReadSeq: 0,
      });
      expect(await repository.findMembership(group, cat.id)).toBeUndefined();
      expect(await repository.findConversation(group)).toMatchObject({ title: 'Group', lastMessageAt: null });

      const { message } = await sendAs(repository, group, bob.id, 'c1');
      expect(await repository.findMembership(group, bob.id)).toMatchObject({ lastReadSeq: message.seq });
      expect(await repository.findConversation(group)).toMatchObject({ lastMessageAt: message.createdAt });
      expect(await repository.markRead(group, ann.id, message.seq)).toBe(true);
      expect(await repository.findMembership(group, ann.id)).toMatchObject({ lastReadSeq: message.seq });

      expect(await repository.updateMemberRole(group, bob.id, 'moderator')).toBe('changed');
      expect(await repository.findMembership(group, bob.id)).toMatchObject({ role: 'moderator' });
      await repository.updateConversation(group, { title: 'Renamed' }, at(6));
      expect(await repository.findConversation(group)).toMatchObject({ title: 'Renamed', updatedAt: at(6) });
      expect(await repository.addMembers(group, [{ userId: cat.id, role: 'member' }], at(7), 10)).toEqual([
        cat.id,
      ]);
      expect(await repository.findMembership(group, cat.id)).toMatchObject({ role: 'member' });

      expect(await repository.removeMember(group, bob.id)).toEqual({ successorId: null });
      expect(await repository.findMembership(group, bob.id)).toBeUndefined();
      // The last admin leaving hands the group over: the successor's new role is seen at once.
      expect(await repository.removeMember(group, ann.id)).toEqual({ successorId: cat.id });
      expect(await repository.findMembership(group, ann.id)).toBeUndefined();
      expect(await repository.findMembership(group, cat.id)).toMatchObject({ role: 'admin' });
    });

    it('holds the group rules: member limit, last admin, successor on leave', async () => {
      const [ann, bob, cat, dan] = [
        await addUser(repository, 'Ann'),
        await addUser(repository, 'Bob'),
        await addUser(repository, 'Cat'),
        await addUser(repository, 'Dan'),
      ];
      const group = await addGroup(repository, [
        { userId: ann.id, role: 'admin' },
        { userId: bob.id, role: 'member' },
      ]);
      expect(await repository.addMembers(group, [{ userId: cat.id, role: 'member' }], at(3), 3)).toEqual([
        cat.id,
      ]);
      expect(await repository.addMembers(group, [{ userId: dan.id, role: 'member' }], at(3), 3)).toBe('full');
      expect(await repository.updateMemberRole(group, ann.id, 'member')).toBe('last-admin');
      expect(await repository.updateMemberRole(group, dan.id, 'admin')).toBe('not-member');
      expect(await repository.updateMemberRole(group, cat.id, 'moderator')).toBe('changed');
      // Bob and Cat joined at different times: Bob, the longest-standing, takes over.
      expect(await repository.removeMember(group, ann.id)).toEqual({ successorId: bob.id });
      expect(await repository.removeMember(group, ann.id)).toBeUndefined();
      expect(await repository.removeMember(group, cat.id)).toEqual({ successorId: null });
      expect(await repository.listMembers(group)).toMatchObject([{ userId: bob.id, role: 'admin' }]);
    });

    it('queues, expands and saves translations, each result a new version of its message', async () => {
      const ann = await addUser(repository, 'Ann');
      const { message } = await sendAs(repository, GLOBAL_CONVERSATION_ID, ann.id, 'c1');
      const [fanOut] = await claim(repository, 'a', 10);
      expect(fanOut).toMatchObject({ messageId: message.id, targetLanguage: null, attempts: 0 });
      if (!fanOut) return;
      expect(await repository.readerLanguages(GLOBAL_CONVERSATION_ID)).toMatchObject([
        { userId: ann.id, readLanguages: ['fr'], autoTranslateEnabled: true },
      ]);
      expect(await repository.expandTranslationJob(fanOut.id, 'en', ['fr', 'de', 'fr'], at(11))).toEqual([
        'fr',
        'de',
      ]);
      expect(await repository.expandTranslationJob(fanOut.id, 'en', ['fr'], at(11))).toBeUndefined();
      expect(await repository.countTranslationJobs()).toBe(2);
      const [job] = await claim(repository, 'a', 12, 1);
      if (!job) throw new Error('no job');
      await repository.rescheduleTranslationJob(job.id, 1, at(13), 'busy');
      expect((await claim(repository, 'a', 12)).map((j) => j.id)).not.toContain(job.id);
      const saved = await repository.saveTranslation(
        job.id,
        {
          messageId: message.id,
          sourceLanguage: 'en',
          targetLanguage: job.targetLanguage ?? '',
          content: 'traduit',
          tier: 'basic',
          model: 'm',
          confidence: 0.5,
        },
        at(14),
      );
      expect(saved).toMatchObject({
        conversationId: GLOBAL_CONVERSATION_ID,
        content: 'traduit',
        createdAt: at(14),
      });
      const stored = await repository.findMessage(message.id);
      expect(stored?.originalLanguage).toBe('en');
      expect(stored?.version).toBeGreaterThan(message.version);
      expect(stored?.translations).toHaveLength(1);
      await repository.enqueueTranslation(message.id, 'es', 'basic', at(15));
      await repository.enqueueTranslation(message.id, 'es', null, at(15));
      expect(await repository.countTranslationJobs()).toBe(2);
    });

    describe('translation job claims between replicas sharing the database', () => {
      let replica: ChatRepository;
      beforeEach(async () => {
        const ann = await addUser(repository, 'Ann');
        for (const clientId of ['c1', 'c2', 'c3'])
          await sendAs(repository, GLOBAL_CONVERSATION_ID, ann.id, clientId);
        replica = await openReplica();
        replicas.push(replica);
      });
      const ids = (jobs: readonly { id: string }[]) => jobs.map((job) => job.id).sort();

      it('a job claimed by one replica is not handed to another while its lease runs', async () => {
        const first = await claim(repository, 'a', 10, 2);
        const second = await claim(replica, 'b', 11);
        expect([first.length, second.length]).toEqual([2, 1]);
        expect(new Set(ids([...first, ...second])).size).toBe(3);
        expect(await claim(replica, 'b', 12)).toEqual([]);
      });

      it('claims racing from both replicas, several at once, never share a job', async () => {
        const claims = await Promise.all(
          ['a', 'b', 'a', 'b', 'a', 'b'].map((owner, index) =>
            claim(index % 2 === 0 ? repository : replica, owner, 10, 1),
          ),
        );
        const claimed = claims.flat();
        expect(claimed).toHaveLength(3);
        expect(new Set(ids(claimed)).size).toBe(3);
      });

      it("a dead replica's jobs are taken over once its lease expired; a renewed lease keeps them", async () => {
        const held = await claim(repository, 'a', 10);
        expect(held).toHaveLength(3);
        // Leases run 30 s (until second 40); renewed to second 50, they are still held at second 45.
        await repository.renewTranslationJobClaims('a', at(50));
        expect(await claim(replica, 'b', 45)).toEqual([]);
        expect(ids(await claim(replica, 'b', 50))).toEqual(ids(held));
        // The take-over moved the jobs: the dead replica's renewal no longer reaches them.
        await repository.renewTranslationJobClaims('a', at(200));
        expect(ids(await claim(repository, 'c', 80))).toEqual(ids(held));
      });

      it('a rescheduled job is free for any replica; releasing frees every claim', async () => {
        const [job] = await claim(repository, 'a', 10, 1);
        if (!job) throw new Error('no job');
        await repository.rescheduleTranslationJob(job.id, 1, at(11), 'translator busy');
        expect(ids(await claim(replica, 'b', 12))).toContain(job.id);
        expect(await claim(repository, 'a', 13)).toEqual([]);
        await repository.releaseTranslationJobClaims();
        expect(await claim(repository, 'a', 13)).toHaveLength(3);
      });

      it('leaves out the jobs the claimer names (its own still in flight)', async () => {
        const [first] = await claim(repository, 'a', 10, 1);
        if (!first) throw new Error('no job');
        await repository.releaseTranslationJobClaims();
        const again = await repository.claimTranslationJobs({
          owner: 'a',
          now: at(11),
          leaseUntil: at(41),
          limit: 10,
          exclude: [first.id],
        });
        expect(ids(again)).not.toContain(first.id);
        expect(again).toHaveLength(2);
      });
    });
  });
}
