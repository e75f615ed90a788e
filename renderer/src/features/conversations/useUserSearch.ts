import { useEffect, useState } from 'react';
import type { PublicUser } from '../../../../contract/users.ts';
import { api } from '../../app/services.ts';
import { useAuth } from '../auth/authStore.ts';

/** Debounced user search; drops answers to queries that are no longer the current one. */
export function useUserSearch(query: string): PublicUser[] {
  const selfId = useAuth((s) => s.session?.user.id);
  const [results, setResults] = useState<PublicUser[]>([]);
  useEffect(() => {
    const q = query.trim();
    if (q === '') {
      setResults([]);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      api.searchUsers(q).then(
        (users) => {
          if (current) setResults(users.filter((u) => u.id !== selfId));
        },
        () => {
          if (current) setResults([]);
        },
      );
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, selfId]);
  return results;
}
