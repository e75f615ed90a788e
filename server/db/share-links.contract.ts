import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addGroup, addUser } from './repository.contract.ts';
import type { ChatRepository } from './repository.ts';
import type { NewGuest, ShareLinkRecord } from './stores/share-links.ts';

// The share-link store's contract, run on each implementation by ./repository.contract.test.ts.

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();

function link(conversationId: string, overrides: Partial<ShareLinkRecord> = {}): ShareLinkRecord {
  return {
    id: randomUUID(),
    conversationId,
    codeHash: randomUUID(),
    hint: 'abcd',
    label: null,
    createdBy: null,
    createdAt: at(1),
    expiresAt: null,
    maxUses: null,
    useCount: 0,
    revokedAt: null,
    ...overrides,
  };
}

function guest(conversationId: string): NewGuest {
  const id = randomUUID();
  return {
    id,
    username: `guest-${id.slice(0, 8)}`,
    email: `${id}@guest.invalid`,
    displayName: 'Guest',
    passwordHash: '!guest',
    systemLanguage: 'es',
    regionalLanguage: null,
    customDestinationLanguage: null,
    autoTranslateEnabled: true,
    translateToSystemLanguage: true,
    translateToRegionalLanguage: false,
    useCustomDestination: false,
    readLanguages: [],
    createdAt: at(2),
    guestConversationId: conversationId,
  };
}

export function describeShareLinkStore(name: string, open: () => Promise<ChatRepository>): void {
  describe(`share-link store contract: ${name}`, () => {
    let repository: ChatRepository;
    let groupId: string;
    beforeEach(async () => {
      repository = await open();
      const admin = await addUser(repository, 'Admin');
      groupId = await addGroup(repository, [{ userId: admin.id, role: 'admin' }]);
    });
    afterEach(async () => {
      await repository.close();
    });

    it('stores, finds by hash, lists newest first, and revokes once', async () => {
      const older = link(groupId, { createdAt: at(1) });
      const newer = link(groupId, { createdAt: at(5), label: 'Family', maxUses: 3, expiresAt: at(50) });
      await repository.createShareLink(older);
      await repository.createShareLink(newer);
      expect(await repository.findShareLinkByHash(newer.codeHash)).toEqual(newer);
      expect(await repository.findShareLinkByHash('nothing')).toBeUndefined();
      expect((await repository.listShareLinks(groupId)).map((l) => l.id)).toEqual([newer.id, older.id]);
      expect(await repository.revokeShareLink(groupId, older.id, at(6))).toBe(true);
      expect(await repository.revokeShareLink(groupId, older.id, at(7))).toBe(false);
      expect(await repository.revokeShareLink('other', newer.id, at(7))).toBe(false);
      expect((await repository.findShareLinkByHash(older.codeHash))?.revokedAt).toBe(at(6));
    });

    it('a guest join creates the guest and the membership and takes one use, only while usable', async () => {
      const once = link(groupId, { maxUses: 1 });
      await repository.createShareLink(once);
      const first = guest(groupId);
      expect(await repository.joinByShareLink(once.id, { userId: first.id, guest: first }, at(3), 10)).toBe(
        'joined',
      );
      const stored = await repository.findUserById(first.id);
      expect(stored).toMatchObject({ guestConversationId: groupId, role: 'member', systemLanguage: 'es' });
      expect(await repository.conversationIdsForUser(first.id)).toEqual([groupId]);
      expect((await repository.findShareLinkByHash(once.codeHash))?.useCount).toBe(1);
      // Used up: nothing is stored for the next one.
      const second = guest(groupId);
      expect(await repository.joinByShareLink(once.id, { userId: second.id, guest: second }, at(4), 10)).toBe(
        'unusable',
      );
      expect(await repository.findUserById(second.id)).toBeUndefined();
      // Expired and revoked links take no join either.
      const expired = link(groupId, { expiresAt: at(3) });
      const revoked = link(groupId, { revokedAt: at(1) });
      await repository.createShareLink(expired);
      await repository.createShareLink(revoked);
      for (const closed of [expired, revoked]) {
        const g = guest(groupId);
        expect(await repository.joinByShareLink(closed.id, { userId: g.id, guest: g }, at(3), 10)).toBe(
          'unusable',
        );
      }
      // Guests are never found by search nor by sign-in.
      expect(await repository.searchUsers('guest', 10, 'nobody')).toEqual([]);
      expect(await repository.findUserByUsernameOrEmail(first.username)).toBeUndefined();
    });

    it('an account joins once without taking a second use; a full group takes nobody', async () => {
      const open = link(groupId);
      await repository.createShareLink(open);
      const carla = await addUser(repository, 'Carla');
      expect(await repository.joinByShareLink(open.id, { userId: carla.id, guest: null }, at(3), 10)).toBe(
        'joined',
      );
      expect(await repository.joinByShareLink(open.id, { userId: carla.id, guest: null }, at(4), 10)).toBe(
        'already-member',
      );
      const g = guest(groupId);
      expect(await repository.joinByShareLink(open.id, { userId: g.id, guest: g }, at(5), 2)).toBe('full');
      expect(await repository.findUserById(g.id)).toBeUndefined();
      expect((await repository.findShareLinkByHash(open.codeHash))?.useCount).toBe(1);
    });
  });
}
