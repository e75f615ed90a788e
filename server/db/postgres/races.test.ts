import { expect, it } from 'vitest';
import { describeWithPostgres, usePostgres } from '../../../test-support/postgres.ts';
import { addGroup, addUser, sendAs } from '../repository.contract.ts';
import type { ChatRepository } from '../repository.ts';
import { openPostgresRepository } from './repository.ts';

// Each rule that reads then writes, raced by concurrent calls on separate pooled connections (what
// parallel requests, or two replicas, do), must hold: the store serializes them (./conversation-lock.ts).

const PARALLEL = 10;

describeWithPostgres('Postgres: the read-then-write rules hold under concurrent requests', () => {
  const postgres = usePostgres();
  const withRepository = async (test: (repository: ChatRepository) => Promise<void>) => {
    const repository = await openPostgresRepository({
      url: await postgres.freshDatabase(),
      poolSize: PARALLEL,
    });
    try {
      await test(repository);
    } finally {
      await repository.close();
    }
  };
  const users = (repository: ChatRepository, count: number) =>
    Promise.all(Array.from({ length: count }, (_, index) => addUser(repository, `user${index}`)));

  it('parallel first registrations make exactly one owner', () =>
    withRepository(async (repository) => {
      // Every pooled connection open first, so the registrations really overlap.
      await Promise.all(Array.from({ length: PARALLEL }, () => repository.findUserById('none')));
      const registered = await users(repository, PARALLEL);
      expect(registered.filter((user) => user.role === 'owner')).toHaveLength(1);
    }));

  it('parallel demotions of every admin leave exactly one admin', () =>
    withRepository(async (repository) => {
      const admins = await users(repository, PARALLEL);
      const group = await addGroup(
        repository,
        admins.map((user) => ({ userId: user.id, role: 'admin' })),
      );
      const outcomes = await Promise.all(
        admins.map((user) => repository.updateMemberRole(group, user.id, 'member')),
      );
      expect(outcomes.filter((outcome) => outcome === 'last-admin')).toHaveLength(1);
      const members = await repository.listMembers(group);
      expect(members.filter((member) => member.role === 'admin')).toHaveLength(1);
    }));

  it('parallel leaves, the only admin among them, always leave an admin behind while anyone remains', () =>
    withRepository(async (repository) => {
      const everyone = await users(repository, PARALLEL + 1);
      const [admin, ...rest] = everyone;
      if (!admin) throw new Error('no admin');
      const group = await addGroup(repository, [
        { userId: admin.id, role: 'admin' },
        ...rest.map((user) => ({ userId: user.id, role: 'member' as const })),
      ]);
      const stayer = rest[rest.length - 1];
      const leavers = everyone.filter((user) => user !== stayer);
      await Promise.all(leavers.map((user) => repository.removeMember(group, user.id)));
      expect(await repository.listMembers(group)).toMatchObject([{ userId: stayer?.id, role: 'admin' }]);
    }));

  it('parallel role changes and leaves with one admin: the group never ends without an admin', () =>
    withRepository(async (repository) => {
      const everyone = await users(repository, PARALLEL);
      const [admin, ...rest] = everyone;
      if (!admin) throw new Error('no admin');
      const group = await addGroup(repository, [
        { userId: admin.id, role: 'admin' },
        ...rest.map((user) => ({ userId: user.id, role: 'member' as const })),
      ]);
      await Promise.all([
        repository.updateMemberRole(group, admin.id, 'member'),
        repository.removeMember(group, admin.id),
        ...rest.slice(0, 4).map((user) => repository.removeMember(group, user.id)),
        ...rest.slice(4).map((user) => repository.updateMemberRole(group, user.id, 'moderator')),
      ]);
      const members = await repository.listMembers(group);
      expect(members.length).toBeGreaterThan(0);
      expect(members.filter((member) => member.role === 'admin').length).toBeGreaterThanOrEqual(1);
    }));

  it('parallel additions past the member limit add no one beyond it', () =>
    withRepository(async (repository) => {
      const [owner, ...candidates] = await users(repository, PARALLEL + 1);
      if (!owner) throw new Error('no owner');
      const group = await addGroup(repository, [{ userId: owner.id, role: 'admin' }]);
      const limit = 4;
      const results = await Promise.all(
        candidates.map((user) =>
          repository.addMembers(
            group,
            [{ userId: user.id, role: 'member' }],
            new Date().toISOString(),
            limit,
          ),
        ),
      );
      expect(results.filter((result) => result !== 'full')).toHaveLength(limit - 1);
      expect(await repository.listMembers(group)).toHaveLength(limit);
    }));

  it('parallel sends with one client id store the message once', () =>
    withRepository(async (repository) => {
      const [ann] = await users(repository, 1);
      if (!ann) throw new Error('no user');
      const group = await addGroup(repository, [{ userId: ann.id, role: 'admin' }]);
      const sends = await Promise.all(
        Array.from({ length: PARALLEL }, () => sendAs(repository, group, ann.id, 'same-client-id')),
      );
      expect(sends.filter((send) => !send.duplicate)).toHaveLength(1);
      expect(new Set(sends.map((send) => send.message.id)).size).toBe(1);
      expect(await repository.listMessages(group, undefined, 50)).toHaveLength(1);
    }));

  it('parallel sends, reactions and read marks: versions unique and increasing, unread counts exact', () =>
    withRepository(async (repository) => {
      const [ann, bob] = await users(repository, 2);
      if (!ann || !bob) throw new Error('no users');
      const group = await addGroup(repository, [
        { userId: ann.id, role: 'admin' },
        { userId: bob.id, role: 'member' },
      ]);
      const sent = await Promise.all(
        Array.from({ length: PARALLEL }, (_, index) => sendAs(repository, group, ann.id, `c${index}`)),
      );
      const seqs = sent.map((send) => send.message.seq).sort((a, b) => a - b);
      await Promise.all([
        ...sent.map((send) =>
          repository.addReaction(send.message.id, bob.id, '👍', new Date().toISOString()),
        ),
        ...seqs.slice(0, 5).map((seq) => repository.markRead(group, bob.id, seq)),
      ]);
      const messages = await repository.listMessages(group, undefined, 50);
      expect(new Set(messages.map((message) => message.version)).size).toBe(PARALLEL);
      expect(messages.every((message) => message.version > message.seq)).toBe(true);
      expect((await repository.listConversationsForUser(bob.id, group))[0]?.unreadCount).toBe(PARALLEL - 5);
      const changes = await repository.changesForUser(bob.id, 0, 100);
      const versions = changes.map((message) => message.version);
      expect(versions).toEqual([...versions].sort((a, b) => a - b));
    }));
});
