import { useEffect, useState } from 'react';
import type { MessageDto } from '../../../../contract/messages.ts';
import { useT } from '../../i18n/useT.ts';
import { useAuth } from '../auth/authStore.ts';
import { useConversations } from '../conversations/conversationsStore.ts';
import { engine } from '../sync/engine.ts';
import { ChatHeader } from './ChatHeader.tsx';
import { Composer } from './composer/Composer.tsx';
import { MessageList } from './MessageList.tsx';
import { RemovedNotice } from './RemovedNotice.tsx';
import { TypingIndicator } from './TypingIndicator.tsx';

export function ChatView() {
  const t = useT();
  const selectedId = useConversations((s) => s.selectedId);
  const conversation = useConversations((s) => s.list.find((c) => c.id === s.selectedId));
  const selfId = useAuth((s) => s.session?.user.id ?? '');
  const [replyTo, setReplyTo] = useState<MessageDto | null>(null);

  useEffect(() => {
    setReplyTo(null);
    if (selectedId === null) return;
    void engine.loadHistory(selectedId, false).catch(() => undefined);
    // Members, for read receipts and reactions' names; the list itself does not carry them.
    void engine.loadDetail(selectedId);
  }, [selectedId]);

  const removed = useConversations((s) => s.removedNotice);

  if (selectedId === null || conversation === undefined) {
    if (removed !== null) return <RemovedNotice notice={removed} />;
    return <p className="chat-empty">{t('chat.empty')}</p>;
  }
  return (
    <section className="chat" aria-labelledby="chat-title">
      <ChatHeader conversation={conversation} selfId={selfId} />
      {/* Keyed, so that scroll position and read marking never carry over from another conversation. */}
      <MessageList
        key={`messages:${conversation.id}`}
        conversationId={conversation.id}
        selfId={selfId}
        onReply={setReplyTo}
      />
      <TypingIndicator conversationId={conversation.id} />
      {/* Sibling keys must differ, or React may mix the two components up. */}
      <Composer
        key={`composer:${conversation.id}`}
        conversationId={conversation.id}
        replyTo={replyTo}
        onCancelReply={() => {
          setReplyTo(null);
        }}
      />
    </section>
  );
}
