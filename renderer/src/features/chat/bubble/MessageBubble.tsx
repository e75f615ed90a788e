import { useEffect, useState } from 'react';
import type { MessageDto } from '../../../../../contract/messages.ts';
import { useT } from '../../../i18n/useT.ts';
import { formatTime } from '../../../lib/formatTime.ts';
import { usePrefs } from '../../settings/prefsStore.ts';
import { LanguageMenu } from '../../translation/LanguageMenu.tsx';
import { TranslationLine } from '../../translation/TranslationLine.tsx';
import { useBubbleText } from '../../translation/useBubbleText.ts';
import { useChatUi } from '../chatUiStore.ts';
import type { BubbleMode } from './bubbleMode.ts';
import { DeleteConfirm } from './DeleteConfirm.tsx';
import { EditForm } from './EditForm.tsx';
import { MessageActions } from './MessageActions.tsx';
import { Reactions } from './Reactions.tsx';
import { ReadStatus } from './ReadStatus.tsx';
import { ReplyQuote } from './ReplyQuote.tsx';
import { MessageAttachments } from '../../attachments/MessageAttachments.tsx';
import { SenderGuestBadge } from '../../join/GuestBadge.tsx';

interface Props {
  message: MessageDto;
  own: boolean;
  grouped: boolean;
  /** In a direct conversation the sender is obvious: no name above the bubble. */
  showSender: boolean;
  /** The one message reachable with Tab (the newest); arrow keys move between the others. */
  tabStop: boolean;
  replyTo: MessageDto | 'missing' | null;
  readers: string[];
  onReply: (message: MessageDto) => void;
}

/** One message. Like Meeshy's bubble, it swaps in place between reading, editing, deleting and languages. */
export function MessageBubble({
  message,
  own,
  grouped,
  showSender,
  tabStop,
  replyTo,
  readers,
  onReply,
}: Props) {
  const t = useT();
  const uiLanguage = usePrefs((s) => s.uiLanguage);
  const [mode, setMode] = useState<BubbleMode>('normal');
  const shown = useBubbleText(message);
  const deleted = message.deletedAt !== null;
  // Links inside a bubble (view original, reactions) are Tab stops only for the message being visited,
  // so that Tab crosses the whole list in one step and arrows walk it.
  const [focusWithin, setFocusWithin] = useState(false);
  const innerTabIndex = tabStop || focusWithin ? 0 : -1;
  const editRequested = useChatUi((s) => s.editRequest === message.id);
  useEffect(() => {
    if (!editRequested) return;
    setMode('edit');
    useChatUi.getState().requestEdit(null);
  }, [editRequested]);

  return (
    <li
      className={`message${own ? ' own' : ''}${grouped ? ' grouped' : ''}${deleted ? ' deleted' : ''}`}
      data-message-id={message.id}
      data-client-id={message.clientMessageId}
      onFocus={() => {
        setFocusWithin(true);
      }}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget)) setFocusWithin(false);
      }}
    >
      <article
        className="bubble"
        tabIndex={tabStop ? 0 : -1}
        aria-label={t('msg.from', { name: message.sender.displayName })}
      >
        {!own && !grouped && showSender && (
          <p className="sender">
            {message.sender.displayName}
            <SenderGuestBadge conversationId={message.conversationId} userId={message.sender.id} />
          </p>
        )}
        {replyTo !== null && <ReplyQuote target={replyTo} />}
        {mode === 'edit' ? (
          <EditForm
            message={message}
            onDone={() => {
              setMode('normal');
              // Back where the writer was, whether the edit came from the menu or from ArrowUp.
              document.getElementById('composer-input')?.focus();
            }}
          />
        ) : (
          <p
            className="text"
            lang={
              shown.kind === 'translated' ? shown.targetLanguage : (message.originalLanguage ?? undefined)
            }
          >
            {deleted ? <em>{t('msg.deleted')}</em> : shown.text}
          </p>
        )}
        {!deleted && <MessageAttachments attachments={message.attachments} />}
        {!deleted && <TranslationLine message={message} shown={shown} tabIndex={innerTabIndex} />}
        <p className="meta">
          <time dateTime={message.createdAt}>{formatTime(message.createdAt, uiLanguage)}</time>
          {message.editedAt !== null && !deleted && <span> · {t('msg.edited')}</span>}
          {own && !deleted && <ReadStatus readers={readers} conversationId={message.conversationId} />}
        </p>
        {mode === 'delete' && (
          <DeleteConfirm
            message={message}
            onDone={() => {
              setMode('normal');
            }}
          />
        )}
        {mode === 'languages' && (
          <LanguageMenu
            message={message}
            onClose={() => {
              setMode('normal');
            }}
          />
        )}
      </article>
      {!deleted && <Reactions message={message} tabIndex={innerTabIndex} />}
      {!deleted && mode === 'normal' && (
        <MessageActions
          message={message}
          own={own}
          onReply={() => {
            onReply(message);
          }}
          onMode={setMode}
        />
      )}
    </li>
  );
}
