import { describe, expect, it } from 'vitest';
import { groupPermissions } from './permissions.ts';

// The same rules as server/domain/conversation-service.ts: every "true" here is a request the server
// accepts, every "false" one it refuses (or, for one's own role, one that could leave a group without admin).
describe('groupPermissions', () => {
  it('lets an admin rename, add, remove anyone else and change other members’ roles', () => {
    const can = groupPermissions('group', 'admin');
    expect([can.rename, can.addMembers, can.leave]).toEqual([true, true, true]);
    expect(can.remove('admin', false)).toBe(true);
    expect(can.remove('moderator', false)).toBe(true);
    expect(can.remove('member', false)).toBe(true);
    expect(can.changeRole(false)).toBe(true);
  });

  it('does not offer an admin to remove or demote themselves: that is what leaving is for', () => {
    const can = groupPermissions('group', 'admin');
    expect(can.remove('admin', true)).toBe(false);
    expect(can.changeRole(true)).toBe(false);
  });

  it('lets a moderator rename and add, remove plain members only, and change no role', () => {
    const can = groupPermissions('group', 'moderator');
    expect([can.rename, can.addMembers, can.leave]).toEqual([true, true, true]);
    expect(can.remove('member', false)).toBe(true);
    expect(can.remove('moderator', false)).toBe(false);
    expect(can.remove('admin', false)).toBe(false);
    expect(can.changeRole(false)).toBe(false);
  });

  it('lets a plain member only leave', () => {
    const can = groupPermissions('group', 'member');
    expect([can.rename, can.addMembers, can.leave]).toEqual([false, false, true]);
    expect(can.remove('member', false)).toBe(false);
    expect(can.changeRole(false)).toBe(false);
  });

  it('offers nothing in direct conversations or the global room, whatever the role', () => {
    for (const type of ['direct', 'global'] as const) {
      const can = groupPermissions(type, 'admin');
      expect([can.rename, can.addMembers, can.leave]).toEqual([false, false, false]);
      expect(can.remove('member', false)).toBe(false);
      expect(can.changeRole(false)).toBe(false);
    }
  });
});
