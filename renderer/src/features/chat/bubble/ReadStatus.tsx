import { useT } from '../../../i18n/useT.ts';
import { useConversations } from '../../conversations/conversationsStore.ts';

/** ✓ sent, ✓✓ read; the names of readers in a tooltip and for screen readers. */
export function ReadStatus({ readers, conversationId }: { readers: string[]; conversationId: string }) {
  const t = useT();
  const members = useConversations((s) => s.details[conversationId]?.members);
  if (readers.length === 0) {
    return (
      <span className="status sent" title={t('msg.sent')} aria-label={t('msg.sent')}>
        {' '}
        ✓
      </span>
    );
  }
  const names = readers
    .map((id) => members?.find((m) => m.user.id === id)?.user.displayName ?? '…')
    .join(', ');
  const label = t('msg.readBy', { names });
  return (
    <span className="status read" title={label} aria-label={label}>
      {' '}
      ✓✓
    </span>
  );
}
