import { useT } from '../../i18n/useT.ts';
import { useConversations } from '../conversations/conversationsStore.ts';

/** Marks someone who joined by link without an account, wherever their name is shown. */
export function GuestBadge() {
  const t = useT();
  return <span className="guest-badge">{t('join.guest')}</span>;
}

/** The badge beside a message's sender, when the conversation's members say they are a guest. */
export function SenderGuestBadge({ conversationId, userId }: { conversationId: string; userId: string }) {
  const isGuest = useConversations(
    (s) => s.details[conversationId]?.members.find((m) => m.user.id === userId)?.user.isGuest === true,
  );
  return isGuest ? (
    <>
      {' '}
      <GuestBadge />
    </>
  ) : null;
}
