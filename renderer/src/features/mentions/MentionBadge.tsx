import { useT } from '../../i18n/useT.ts';

/** The conversation list's `@` count: unread messages that mention the reader, apart from the unread count. */
export function MentionBadge({ count }: { count: number | undefined }) {
  const t = useT();
  // Undefined in a list cached by an older version of the app, until the server's list replaces it.
  if (count === undefined || count <= 0) return null;
  return (
    <span className="badge mention-badge" aria-label={t('mention.unread', { count })}>
      @{count}
    </span>
  );
}
