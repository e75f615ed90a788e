import { describe, expect, it } from 'vitest';
import { groupPermissions } from './permissions.ts';

// Built on contract/group-rules.ts, which server/http/group-rules.test.ts checks against the real server:
// every "true" here is a request the server accepts, every "false" one it refuses.
describe('groupPermissions', () => {
  it('lets an admin rename, add, remove anyone else and give other members any role', () => {
    const can = groupPermissions('group', 'admin', 1);
    expect([can.rename, can.addMembers, can.leave]).toEqual([true, true, true]);
    expect(can.remove('admin', false)).toBe(true);
    expect(can.remove('moderator', false)).toBe(true);
    expect(can.remove('member', false)).toBe(true);
    expect(can.roleChoices('member')).toEqual(['admin', 'moderator', 'member']);
    expect(can.roleChoices('moderator')).toEqual(['admin', 'moderator', 'member']);
    expect(can.changeRole('member')).toBe(true);
  });

  it('lets an admin step down exactly when another admin remains (the server refuses the last one)', () => {
    expect(groupPermissions('group', 'admin', 1).changeRole('admin')).toBe(false);
    expect(groupPermissions('group', 'admin', 1).roleChoices('admin')).toEqual(['admin']);
    expect(groupPermissions('group', 'admin', 2).changeRole('admin')).toBe(true);
    expect(groupPermissions('group', 'admin', 2).roleChoices('admin')).toEqual([
      'admin',
      'moderator',
      'member',
    ]);
  });

  it('does not offer an admin to remove themselves: that is what leaving is for', () => {
    expect(groupPermissions('group', 'admin', 2).remove('admin', true)).toBe(false);
  });

  it('lets a moderator rename and add, remove plain members only, and change no role', () => {
    const can = groupPermissions('group', 'moderator', 1);
    expect([can.rename, can.addMembers, can.leave]).toEqual([true, true, true]);
    expect(can.remove('member', false)).toBe(true);
    expect(can.remove('moderator', false)).toBe(false);
    expect(can.remove('admin', false)).toBe(false);
    expect(can.roleChoices('member')).toEqual([]);
    expect(can.changeRole('member')).toBe(false);
  });

  it('lets a plain member only leave', () => {
    const can = groupPermissions('group', 'member', 1);
    expect([can.rename, can.addMembers, can.leave]).toEqual([false, false, true]);
    expect(can.remove('member', false)).toBe(false);
    expect(can.changeRole('member')).toBe(false);
  });

  it('offers nothing in direct conversations or the global room, whatever the role', () => {
    for (const type of ['direct', 'global'] as const) {
      const can = groupPermissions(type, 'admin', 2);
      expect([can.rename, can.addMembers, can.leave]).toEqual([false, false, false]);
      expect(can.remove('member', false)).toBe(false);
      expect(can.changeRole('member')).toBe(false);
    }
  });
});
