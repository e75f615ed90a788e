import { Fragment, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { MessageDto } from '../../../../contract/messages.ts';
import { useT } from '../../i18n/useT.ts';
import { formatDay } from '../../lib/formatTime.ts';
import { usePrefs } from '../settings/prefsStore.ts';
import { useConversations } from '../conversations/conversationsStore.ts';
import { engine } from '../sync/engine.ts';
import { useOutboxEntries } from '../sync/outboxStore.ts';
import { useLive } from './liveStore.ts';
import { MessageBubble } from './bubble/MessageBubble.tsx';
import { PendingBubble } from './bubble/PendingBubble.tsx';
import { readersByMessage } from './readState.ts';
import { dayKey, emptyTimeline } from './timeline.ts';
import { useTimelines } from './timelineStore.ts';
import { useStickyScroll } from './useStickyScroll.ts';
import { useJumpToMessage } from '../search/useJumpToMessage.ts';

/** Arrow keys walk the messages (one Tab stop for the whole list); Escape goes back to the composer. */
function moveBetweenMessages(event: KeyboardEvent<HTMLOListElement>) {
  const bubbles = [...event.currentTarget.querySelectorAll<HTMLElement>('article.bubble[tabindex]')];
  const index = bubbles.findIndex((b) => b === document.activeElement);
  if (index < 0) return;
  const target =
    event.key === 'ArrowUp' ? bubbles[index - 1] : event.key === 'ArrowDown' ? bubbles[index + 1] : undefined;
  if (target !== undefined) {
    event.preventDefault();
    target.focus();
  } else if (event.key === 'Escape') {
    document.getElementById('composer-input')?.focus();
  }
}

interface Props {
  conversationId: string;
  selfId: string;
  onReply: (message: MessageDto) => void;
}

export function MessageList({ conversationId, selfId, onReply }: Props) {
  const t = useT();
  const uiLanguage = usePrefs((s) => s.uiLanguage);
  const direct = useConversations((s) => s.list.find((c) => c.id === conversationId)?.type === 'direct');
  const timeline = useTimelines((s) => s.timelines[conversationId] ?? emptyTimeline);
  const outbox = useOutboxEntries((s) => s.entries);
  const reads = useLive((s) => s.reads[conversationId]);
  const scroller = useRef<HTMLDivElement>(null);
  const sentinel = useRef<HTMLDivElement>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const messages = timeline.messages;
  const sentIds = new Set(messages.map((m) => m.clientMessageId));
  const pending = outbox.filter(
    (e) => e.conversationId === conversationId && !sentIds.has(e.clientMessageId),
  );
  const last = messages.at(-1);
  const { onScroll, atBottom, scrollToBottom } = useStickyScroll(
    scroller,
    messages[0]?.id,
    `${last?.id ?? ''}:${pending.length}`,
  );
  useJumpToMessage(conversationId, scroller, onScroll);
  // A message that arrives while the reader is scrolled up is announced, not scrolled into view.
  const seenLast = useRef<string | undefined>(last?.id);
  if (atBottom) seenLast.current = last?.id;
  const unseenBelow = !atBottom && last !== undefined && last.id !== seenLast.current;

  // Infinite scroll: when the top sentinel comes into view, fetch the page before the oldest message.
  useEffect(() => {
    const target = sentinel.current;
    if (target === null || timeline.nextCursor === null) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting) && !loadingOlder) {
          setLoadingOlder(true);
          void engine.loadHistory(conversationId, true).finally(() => {
            setLoadingOlder(false);
          });
        }
      },
      { root: scroller.current, rootMargin: '200px 0px 0px 0px' },
    );
    observer.observe(target);
    return () => {
      observer.disconnect();
    };
  }, [conversationId, timeline.nextCursor, loadingOlder]);

  // The newest message is read once it is on screen: the window visible and the list at the bottom.
  const lastMarked = useRef<string | null>(null);
  useEffect(() => {
    if (last === undefined || lastMarked.current === last.id || !atBottom) return;
    const mark = () => {
      if (document.visibilityState !== 'visible') return;
      lastMarked.current = last.id;
      void engine.markRead(conversationId, last.id);
    };
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => {
      document.removeEventListener('visibilitychange', mark);
    };
  }, [conversationId, last, atBottom]);

  const readers = readersByMessage(messages, reads);
  const byId = new Map(messages.map((m) => [m.id, m]));
  let previous: MessageDto | undefined;

  return (
    <div className="message-scroller" ref={scroller} onScroll={onScroll}>
      {!atBottom && (
        <button
          type="button"
          className={`jump-latest${unseenBelow ? ' unseen' : ''}`}
          onClick={scrollToBottom}
        >
          {unseenBelow ? t('chat.newMessages') : t('chat.jumpToLatest')} ↓
        </button>
      )}
      <div ref={sentinel} />
      {timeline.loadedOnce && (
        <p className="history-edge" role="status">
          {timeline.nextCursor === null ? t('chat.beginning') : loadingOlder ? t('chat.loadingOlder') : ''}
        </p>
      )}
      <ol className="message-list" aria-label={t('chat.messages')} onKeyDown={moveBetweenMessages}>
        {messages.map((m) => {
          const newDay = previous === undefined || dayKey(previous.createdAt) !== dayKey(m.createdAt);
          const grouped =
            !newDay &&
            previous?.sender.id === m.sender.id &&
            Date.parse(m.createdAt) - Date.parse(previous.createdAt) < 5 * 60_000;
          previous = m;
          return (
            <Fragment key={m.id}>
              {newDay && (
                <li className="day-separator" role="separator">
                  <span>
                    {formatDay(m.createdAt, uiLanguage, {
                      today: t('chat.today'),
                      yesterday: t('chat.yesterday'),
                    })}
                  </span>
                </li>
              )}
              <MessageBubble
                message={m}
                own={m.sender.id === selfId}
                grouped={grouped}
                showSender={!direct}
                tabStop={m.id === last?.id}
                replyTo={m.replyToId === null ? null : (byId.get(m.replyToId) ?? 'missing')}
                readers={readers.get(m.id) ?? []}
                onReply={onReply}
              />
            </Fragment>
          );
        })}
        {pending.map((entry) => (
          <PendingBubble key={entry.clientMessageId} entry={entry} />
        ))}
      </ol>
    </div>
  );
}
