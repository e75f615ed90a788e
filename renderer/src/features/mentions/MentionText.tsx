import { splitMentions } from '../../../../contract/mentions.ts';
import { useT } from '../../i18n/useT.ts';
import { useAuth } from '../auth/authStore.ts';
import { useMentionNames } from './useMentionNames.ts';

interface Props {
  text: string;
  conversationId: string;
}

/**
 * A message's text (original or translation) with each mention token shown as `@Display Name`; a mention
 * of the reader is marked so it stands out. Someone no longer in the conversation is named as such.
 */
export function MentionText({ text, conversationId }: Props) {
  const t = useT();
  const names = useMentionNames(conversationId);
  const selfId = useAuth((s) => s.session?.user.id);
  const parts = splitMentions(text);
  if (parts.every((part) => part.kind === 'text')) return <>{text}</>;
  return (
    <>
      {parts.map((part, index) =>
        part.kind === 'text' ? (
          part.text
        ) : (
          <span
            // The parts of one text never move: their position is their identity.
            key={index}
            className={`mention${part.userId === selfId ? ' mention-self' : ''}`}
            data-user-id={part.userId}
          >
            @{names.get(part.userId) ?? t('mention.formerMember')}
          </span>
        ),
      )}
    </>
  );
}
