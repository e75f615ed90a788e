import type { MessageDto } from '../../../../../contract/messages.ts';
import { useT } from '../../../i18n/useT.ts';
import { useBubbleText } from '../../translation/useBubbleText.ts';

function Quoted({ message }: { message: MessageDto }) {
  const t = useT();
  // Reply previews are shown in the reader's language too.
  const shown = useBubbleText(message);
  return (
    <>
      <strong>{message.sender.displayName}</strong>
      <span>{message.deletedAt !== null ? t('msg.deleted') : shown.text}</span>
    </>
  );
}

export function ReplyQuote({ target }: { target: MessageDto | 'missing' }) {
  const t = useT();
  return (
    <blockquote className="reply-quote">
      {target === 'missing' ? <span>{t('msg.replyUnavailable')}</span> : <Quoted message={target} />}
    </blockquote>
  );
}
