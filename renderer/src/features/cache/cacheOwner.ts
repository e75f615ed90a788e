/** Whose cache: one user on one server, named like the outbox's key, so accounts and servers never mix. */
export function cacheOwner(userId: string, baseUrl: string): string {
  return `${userId}@${baseUrl}`;
}
