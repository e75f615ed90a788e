import { useEffect, useState } from 'react';
import { useT } from '../../i18n/useT.ts';
import { useConversations } from '../conversations/conversationsStore.ts';
import { useLive, type Typist } from './liveStore.ts';

const NONE: Record<string, Typist> = {};

export function TypingIndicator({ conversationId }: { conversationId: string }) {
  const t = useT();
  const typists = useLive((s) => s.typing[conversationId] ?? NONE);
  const members = useConversations((s) => s.details[conversationId]?.members);
  const [now, setNow] = useState(() => Date.now());
  // Re-evaluate each second so indicators whose typing:stop was lost expire on their own.
  useEffect(() => {
    const timer = setInterval(() => {
      setNow(Date.now());
    }, 1_000);
    return () => {
      clearInterval(timer);
    };
  }, []);
  // The event carries the username; the display name is what the rest of the screen shows.
  const active = Object.entries(typists)
    .filter(([, x]) => x.until > now)
    .map(([id, x]) => members?.find((m) => m.user.id === id)?.user.displayName ?? x.username);
  const text =
    active.length === 0
      ? ''
      : active.length === 1
        ? t('chat.typingOne', { name: active[0] ?? '' })
        : t('chat.typingMany');
  return (
    <p className="typing" aria-live="polite">
      {text}
    </p>
  );
}
