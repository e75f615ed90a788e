import type { MessageDto } from '../../../../../contract/messages.ts';
import { api } from '../../../app/services.ts';
import { useT } from '../../../i18n/useT.ts';
import { useAuth } from '../../auth/authStore.ts';
import { engine } from '../../sync/engine.ts';
import { useConversations } from '../../conversations/conversationsStore.ts';

/** Aggregated reactions; clicking one toggles the reader's own. */
export function Reactions({ message, tabIndex = 0 }: { message: MessageDto; tabIndex?: number }) {
  const t = useT();
  const selfId = useAuth((s) => s.session?.user.id ?? '');
  const members = useConversations((s) => s.details[message.conversationId]?.members);
  if (message.reactions.length === 0) return null;
  const nameOf = (id: string) => members?.find((m) => m.user.id === id)?.user.displayName ?? '…';
  return (
    <div className="reactions">
      {message.reactions.map((r) => {
        const mine = r.userIds.includes(selfId);
        const label = t('msg.reactionBy', { emoji: r.emoji, names: r.userIds.map(nameOf).join(', ') });
        return (
          <button
            key={r.emoji}
            type="button"
            tabIndex={tabIndex}
            className={mine ? 'reaction mine' : 'reaction'}
            aria-pressed={mine}
            aria-label={label}
            title={label}
            onClick={() => {
              void (
                mine
                  ? api.removeReaction(message.conversationId, message.id, r.emoji)
                  : api.addReaction(message.conversationId, message.id, r.emoji)
              ).then(
                (reply) => {
                  engine.ingestIfMessage(reply);
                },
                () => undefined,
              );
            }}
          >
            {r.emoji} {r.count}
          </button>
        );
      })}
    </div>
  );
}
