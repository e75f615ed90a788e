import type { PublicUser } from '../../../../contract/users.ts';

/** The people picked from a user search, with `user` added, or taken out when already there. */
export function togglePicked(picked: readonly PublicUser[], user: PublicUser): PublicUser[] {
  return picked.some((u) => u.id === user.id) ? picked.filter((u) => u.id !== user.id) : [...picked, user];
}
