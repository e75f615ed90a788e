import type { PublicUser } from '../../../../contract/users.ts';
import { Avatar } from '../../components/Avatar.tsx';
import { useT } from '../../i18n/useT.ts';

interface Props {
  query: string;
  results: readonly PublicUser[];
  picked: readonly PublicUser[];
  onToggle: (user: PublicUser) => void;
}

/** People found by a user search, each a toggle button (pressed when picked), as new conversations and group additions use them. */
export function UserResults({ query, results, picked, onToggle }: Props) {
  const t = useT();
  return (
    <ul className="user-results" aria-label={t('new.searchUsers')}>
      {results.map((user) => {
        const on = picked.some((u) => u.id === user.id);
        return (
          <li key={user.id}>
            <button
              type="button"
              className={`user-result${on ? ' selected' : ''}`}
              aria-pressed={on}
              data-username={user.username}
              onClick={() => {
                onToggle(user);
              }}
            >
              <Avatar name={user.displayName} online={user.isOnline} />
              <span>
                {user.displayName} <small>@{user.username}</small>
              </span>
            </button>
          </li>
        );
      })}
      {query.trim() !== '' && results.length === 0 && <li className="hint">{t('new.noResults')}</li>}
    </ul>
  );
}
