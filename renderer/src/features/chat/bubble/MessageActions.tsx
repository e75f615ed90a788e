import { useState } from 'react';
import type { MessageDto } from '../../../../../contract/messages.ts';
import { api } from '../../../app/services.ts';
import { useT } from '../../../i18n/useT.ts';
import { useAuth } from '../../auth/authStore.ts';
import { engine } from '../../sync/engine.ts';
import type { BubbleMode } from './bubbleMode.ts';

export const QUICK_REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🙏'] as const;

interface Props {
  message: MessageDto;
  own: boolean;
  onReply: () => void;
  onMode: (mode: BubbleMode) => void;
}

/** The toolbar of a message: visible on hover and whenever focus is inside the message. */
export function MessageActions({ message, own, onReply, onMode }: Props) {
  const t = useT();
  const selfId = useAuth((s) => s.session?.user.id);
  const [picking, setPicking] = useState(false);

  const react = (emoji: string) => {
    setPicking(false);
    const mine = message.reactions.find((r) => r.emoji === emoji)?.userIds.includes(selfId ?? '') ?? false;
    void (
      mine
        ? api.removeReaction(message.conversationId, message.id, emoji)
        : api.addReaction(message.conversationId, message.id, emoji)
    ).then(
      (reply) => {
        engine.ingestIfMessage(reply);
      },
      () => undefined,
    );
  };

  return (
    <div className="message-actions" role="toolbar" aria-label={t('msg.actions')}>
      <button
        type="button"
        aria-expanded={picking}
        onClick={() => {
          setPicking(!picking);
        }}
      >
        {t('msg.react')}
      </button>
      {picking && (
        <span className="reaction-picker">
          {QUICK_REACTIONS.map((emoji) => (
            <button
              key={emoji}
              type="button"
              aria-label={emoji}
              onClick={() => {
                react(emoji);
              }}
            >
              {emoji}
            </button>
          ))}
        </span>
      )}
      <button type="button" onClick={onReply}>
        {t('msg.reply')}
      </button>
      <button
        type="button"
        onClick={() => {
          onMode('languages');
        }}
      >
        {t('msg.languages')}
      </button>
      {own && (
        <>
          <button
            type="button"
            onClick={() => {
              onMode('edit');
            }}
          >
            {t('msg.edit')}
          </button>
          <button
            type="button"
            className="danger"
            onClick={() => {
              onMode('delete');
            }}
          >
            {t('msg.delete')}
          </button>
        </>
      )}
    </div>
  );
}
