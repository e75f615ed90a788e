import { useState } from 'react';
import type { ConversationSummary } from '../../../../contract/conversations.ts';
import { Avatar } from '../../components/Avatar.tsx';
import { Icon } from '../../components/Icon.tsx';
import { useT } from '../../i18n/useT.ts';
import { formatListTime } from '../../lib/formatTime.ts';
import { usePrefs } from '../settings/prefsStore.ts';
import { conversationTitle, directPeer } from '../conversations/conversationTitle.ts';
import { useConversations } from '../conversations/conversationsStore.ts';
import { ConversationDetailsDialog } from '../conversations/details/ConversationDetailsDialog.tsx';
import { useMutedConversations } from '../notifications/mutedConversations.ts';
import { useLive } from './liveStore.ts';

export function ChatHeader({ conversation, selfId }: { conversation: ConversationSummary; selfId: string }) {
  const t = useT();
  const uiLanguage = usePrefs((s) => s.uiLanguage);
  const detail = useConversations((s) => s.details[conversation.id]);
  const title = conversationTitle(conversation, detail, selfId, t('list.global'));
  const peer = directPeer(conversation, detail, selfId);
  const presence = useLive((s) => (peer === undefined ? undefined : s.presence[peer.id]));
  const online = presence?.isOnline ?? peer?.isOnline;
  const lastSeen = presence?.lastSeenAt ?? peer?.lastSeenAt ?? null;
  const [detailsOpen, setDetailsOpen] = useState(false);
  const muted = useMutedConversations((s) => s.muted[conversation.id] === true);
  const toggleMuted = useMutedConversations((s) => s.toggle);

  let subtitle = t('chat.members', { count: conversation.memberCount });
  if (peer !== undefined) {
    subtitle =
      online === true
        ? t('chat.online')
        : lastSeen !== null
          ? t('chat.lastSeen', { time: formatListTime(lastSeen, uiLanguage) })
          : '';
  }
  return (
    <header className="chat-header">
      <Avatar name={title} online={online} />
      <div className="chat-header-text">
        <h1 id="chat-title">{title}</h1>
        <p className="chat-subtitle">{subtitle}</p>
      </div>
      <button
        type="button"
        className="icon-button"
        aria-pressed={muted}
        aria-label={t('chat.mute')}
        title={muted ? t('chat.muted') : t('chat.mute')}
        onClick={() => {
          toggleMuted(conversation.id);
        }}
      >
        <Icon name={muted ? 'bell-off' : 'bell'} />
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label={t('details.open')}
        title={t('details.open')}
        aria-haspopup="dialog"
        onClick={() => {
          setDetailsOpen(true);
        }}
      >
        <Icon name="info" />
      </button>
      {detailsOpen && (
        <ConversationDetailsDialog
          conversationId={conversation.id}
          selfId={selfId}
          onClose={() => {
            setDetailsOpen(false);
          }}
        />
      )}
    </header>
  );
}
