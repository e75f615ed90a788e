import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMBER_ROLES, type ConversationDetail, type MemberRole } from '../../contract/conversations.ts';
import {
  adminSuccessor,
  leavesNoAdmin,
  mayChangeRoles,
  mayManage,
  mayRemove,
} from '../../contract/group-rules.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';
import { registerUser, type TestUser } from '../../test-support/users.ts';

// contract/group-rules.ts is what the client offers (details/permissions.ts is built on it). This runs the
// whole matrix against the real server and SQLite: every request the rules allow succeeds, every other one
// is refused, so a server change that the rules do not follow (or the reverse) fails here.
describe('group rules match what the server accepts', () => {
  let t: TestApp;
  let owner: TestUser;
  let actor: TestUser;
  let target: TestUser;
  let other: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    [owner, actor, target, other] = [
      await registerUser(t.app),
      await registerUser(t.app),
      await registerUser(t.app),
      await registerUser(t.app),
    ];
  });
  afterAll(async () => {
    await t.close();
  });

  const call = (user: TestUser, method: 'GET' | 'PATCH' | 'DELETE' | 'POST', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: user.auth, ...(payload ? { payload } : {}) });

  /** A fresh group by `owner` (admin), with actor and target given these roles. */
  const group = async (actorRole: MemberRole, targetRole: MemberRole) => {
    const created = await call(owner, 'POST', '/api/conversations', {
      type: 'group',
      title: 'Matrix',
      memberIds: [actor.id, target.id, other.id],
    });
    const id = created.json<ConversationDetail>().id;
    for (const [user, role] of [
      [actor, actorRole],
      [target, targetRole],
    ] as const) {
      const set = await call(owner, 'PATCH', `/api/conversations/${id}/members/${user.id}`, { role });
      expect(set.statusCode).toBe(204);
    }
    return id;
  };
  const admins = async (id: string) =>
    (await call(owner, 'GET', `/api/conversations/${id}`))
      .json<ConversationDetail>()
      .members.filter((m) => m.role === 'admin').length;
  const ok = (status: number) => status >= 200 && status < 300;

  for (const actorRole of MEMBER_ROLES) {
    for (const targetRole of MEMBER_ROLES) {
      it(`a ${actorRole} with a ${targetRole}: role changes and removal`, async () => {
        for (const newRole of MEMBER_ROLES) {
          const id = await group(actorRole, targetRole);
          const allowed = mayChangeRoles(actorRole) && !leavesNoAdmin(targetRole, newRole, await admins(id));
          const res = await call(actor, 'PATCH', `/api/conversations/${id}/members/${target.id}`, {
            role: newRole,
          });
          expect({ newRole, accepted: ok(res.statusCode) }).toEqual({ newRole, accepted: allowed });
        }
        const id = await group(actorRole, targetRole);
        const removed = await call(actor, 'DELETE', `/api/conversations/${id}/members/${target.id}`);
        expect(ok(removed.statusCode)).toBe(mayRemove(actorRole, targetRole));
        const renamed = await call(actor, 'PATCH', `/api/conversations/${id}`, { title: 'Renamed' });
        expect(ok(renamed.statusCode)).toBe(mayManage(actorRole));
      });
    }
  }

  it('an admin may step down exactly when another admin remains', async () => {
    for (const newRole of ['moderator', 'member'] as const) {
      const withTwo = await group('admin', 'member');
      expect(leavesNoAdmin('admin', newRole, await admins(withTwo))).toBe(false);
      const down = await call(actor, 'PATCH', `/api/conversations/${withTwo}/members/${actor.id}`, {
        role: newRole,
      });
      expect(down.statusCode).toBe(204);

      const alone = await group('member', 'member');
      expect(leavesNoAdmin('admin', newRole, await admins(alone))).toBe(true);
      const refused = await call(owner, 'PATCH', `/api/conversations/${alone}/members/${owner.id}`, {
        role: newRole,
      });
      expect(refused.statusCode).toBe(409);
    }
  });

  it('the member named as successor is the one the server makes admin when the only admin leaves', async () => {
    const id = await group('moderator', 'member');
    const before = (await call(owner, 'GET', `/api/conversations/${id}`)).json<ConversationDetail>();
    const named = adminSuccessor(
      before.members.map((m) => ({ id: m.user.id, role: m.role, joinedAt: m.joinedAt })),
      owner.id,
    );
    expect(named).not.toBeNull();
    expect((await call(owner, 'POST', `/api/conversations/${id}/leave`)).statusCode).toBeLessThan(300);
    const after = (await call(actor, 'GET', `/api/conversations/${id}`)).json<ConversationDetail>();
    expect(after.members.filter((m) => m.role === 'admin').map((m) => m.user.id)).toEqual([named?.id]);
  });
});
