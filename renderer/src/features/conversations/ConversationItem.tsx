import type { ConversationSummary } from '../../../../contract/conversations.ts';
import type { MessageDto } from '../../../../contract/messages.ts';
import { Avatar } from '../../components/Avatar.tsx';
import { useT } from '../../i18n/useT.ts';
import { formatListTime } from '../../lib/formatTime.ts';
import { useLive } from '../chat/liveStore.ts';
import { useBubbleText } from '../translation/useBubbleText.ts';
import { usePrefs } from '../settings/prefsStore.ts';
import { directPeer } from './conversationTitle.ts';
import { MentionText } from '../mentions/MentionText.tsx';
import { MentionBadge } from '../mentions/MentionBadge.tsx';
import { useConversations } from './conversationsStore.ts';

interface Props {
  conversation: ConversationSummary;
  title: string;
  selfId: string;
  selected: boolean;
  onSelect: () => void;
}

function Preview({ message, selfId }: { message: MessageDto; selfId: string }) {
  const t = useT();
  const shown = useBubbleText(message);
  if (message.deletedAt !== null) return <>{t('list.deleted')}</>;
  const text = message.sender.id === selfId ? t('list.you', { text: shown.text }) : shown.text;
  return <MentionText text={text} conversationId={message.conversationId} />;
}

export function ConversationItem({ conversation, title, selfId, selected, onSelect }: Props) {
  const t = useT();
  const uiLanguage = usePrefs((s) => s.uiLanguage);
  const detail = useConversations((s) => s.details[conversation.id]);
  const peer = directPeer(conversation, detail, selfId);
  const online = useLive((s) =>
    peer === undefined ? undefined : (s.presence[peer.id]?.isOnline ?? peer.isOnline),
  );
  const unread = conversation.unreadCount;
  return (
    <li>
      <button
        type="button"
        className={`conversation-item${selected ? ' selected' : ''}${unread > 0 ? ' unread' : ''}`}
        aria-current={selected ? 'true' : undefined}
        data-conversation-id={conversation.id}
        onClick={onSelect}
      >
        <Avatar name={title} online={online} />
        <span className="conversation-text">
          <span className="conversation-top">
            <span className="conversation-title">{title}</span>
            {conversation.lastMessageAt !== null && (
              <time dateTime={conversation.lastMessageAt}>
                {formatListTime(conversation.lastMessageAt, uiLanguage)}
              </time>
            )}
          </span>
          <span className="conversation-bottom">
            <span className="conversation-preview">
              {conversation.lastMessage !== null && (
                <Preview message={conversation.lastMessage} selfId={selfId} />
              )}
            </span>
            <MentionBadge count={conversation.unreadMentionCount} />
            {unread > 0 && (
              <span className="badge" aria-label={t('list.unread', { count: unread })}>
                {unread}
              </span>
            )}
          </span>
          {online === true && <span className="visually-hidden">{t('list.online')}</span>}
        </span>
      </button>
    </li>
  );
}
