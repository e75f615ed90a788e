import { useEffect, useRef, useState, type SyntheticEvent, type KeyboardEvent } from 'react';
import type { MessageDto } from '../../../../../contract/messages.ts';
import { useT } from '../../../i18n/useT.ts';
import { LANGUAGES } from '../../../lib/languages.ts';
import { useAuth } from '../../auth/authStore.ts';
import { engine } from '../../sync/engine.ts';
import { useChatUi } from '../chatUiStore.ts';
import { useTimelines } from '../timelineStore.ts';
import { charCount } from './charCount.ts';
import { useTypingSignal } from './useTypingSignal.ts';
import { useBubbleText } from '../../translation/useBubbleText.ts';
import { AttachButtons, DraftAttachments } from '../../attachments/ComposerAttachments.tsx';
import { toOutboxAttachments } from '../../attachments/draftFiles.ts';
import { pendingFiles } from '../../attachments/pendingFilesInstance.ts';
import { useComposerFiles } from '../../attachments/useComposerFiles.ts';
import { useMentionPicker } from '../../mentions/useMentionPicker.tsx';

interface Props {
  conversationId: string;
  replyTo: MessageDto | null;
  onCancelReply: () => void;
}

/** Auto-detect is the default: the translator identifies the language when none is declared. */
const AUTO = '';

export function Composer({ conversationId, replyTo, onCancelReply }: Props) {
  const t = useT();
  const [text, setText] = useState('');
  const [language, setLanguage] = useState(AUTO);
  const input = useRef<HTMLTextAreaElement>(null);
  const { keystroke, stop } = useTypingSignal(conversationId);
  const count = charCount(text);
  const files = useComposerFiles(() => text);
  const mention = useMentionPicker(conversationId, input, setText);

  // Choosing "Reply" on a message takes the writer straight to the composer.
  useEffect(() => {
    if (replyTo !== null) input.current?.focus();
  }, [replyTo]);
  const canSend = (text.trim() !== '' || files.draft.length > 0) && !count.over;

  const send = (event?: SyntheticEvent) => {
    event?.preventDefault();
    if (!canSend) return;
    const clientMessageId = crypto.randomUUID();
    const draft = files.draft;
    const entry = {
      clientMessageId,
      conversationId,
      // A caption of spaces only is no caption.
      content: draft.length > 0 && text.trim() === '' ? '' : mention.encode(text),
      ...(language === AUTO ? {} : { originalLanguage: language }),
      ...(replyTo === null ? {} : { replyToId: replyTo.id }),
      ...(draft.length === 0 ? {} : { attachments: toOutboxAttachments(draft) }),
    };
    // The files are stored on this device before the message is queued, so a restart loses neither; a
    // message without files is queued at once.
    if (draft.length === 0) engine.send(entry);
    else
      void Promise.all(
        draft.map((file, position) => pendingFiles.put(clientMessageId, position, file.file)),
      ).then(() => {
        engine.send(entry);
      });
    files.clear();
    setText('');
    mention.reset();
    onCancelReply();
    stop();
    input.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (mention.handleKey(e)) return;
    // isComposing: Enter that confirms an IME candidate (Japanese, Chinese…) must not send.
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
    } else if (e.key === 'Escape' && replyTo !== null) {
      onCancelReply();
    } else if (e.key === 'ArrowUp' && text === '') {
      // As in Element and Slack: ArrowUp in an empty composer edits one's last message.
      const self = useAuth.getState().session?.user.id;
      const mine = useTimelines
        .getState()
        .timelines[conversationId]?.messages.findLast((m) => m.sender.id === self && m.deletedAt === null);
      if (mine !== undefined) {
        e.preventDefault();
        useChatUi.getState().requestEdit(mine.id);
      }
    }
  };

  return (
    <form className={`composer${files.dragging ? ' dragging' : ''}`} onSubmit={send} {...files.dropProps}>
      <DraftAttachments
        files={files}
        onPasteAnyway={(pasted) => {
          setText((current) => current + pasted);
        }}
      />
      {replyTo !== null && (
        <div className="composer-reply">
          <span>
            {t('msg.replyingTo', { name: replyTo.sender.displayName })}: <ReplyQuoteText message={replyTo} />
          </span>
          <button
            type="button"
            className="icon-button"
            aria-label={t('composer.cancelReply')}
            onClick={onCancelReply}
          >
            ×
          </button>
        </div>
      )}
      {mention.list}
      <div className="composer-row">
        <label htmlFor="composer-language" className="visually-hidden">
          {t('composer.language')}
        </label>
        <select
          id="composer-language"
          className="composer-language"
          title={t('composer.language')}
          value={language}
          onChange={(e) => {
            setLanguage(e.target.value);
          }}
        >
          <option value={AUTO}>🌐 {t('composer.autoDetect')}</option>
          {LANGUAGES.map((l) => (
            <option key={l.code} value={l.code}>
              {l.flag} {l.nativeName}
            </option>
          ))}
        </select>
        <label htmlFor="composer-input" className="visually-hidden">
          {t('composer.label')}
        </label>
        <AttachButtons files={files} />
        <textarea
          id="composer-input"
          ref={input}
          rows={Math.min(6, text.split('\n').length)}
          placeholder={t('composer.placeholder')}
          aria-describedby="composer-hint composer-count"
          aria-invalid={count.over}
          {...mention.inputProps}
          value={text}
          autoFocus
          onChange={(e) => {
            setText(e.target.value);
            mention.update(e.target.value, e.target.selectionStart);
            keystroke();
          }}
          onKeyDown={onKeyDown}
          onPaste={files.onPaste}
          onBlur={stop}
        />
        <button type="submit" className="primary" disabled={!canSend}>
          {t('composer.send')}
        </button>
      </div>
      <div className="composer-footer">
        <small id="composer-hint">{t('composer.hint')}</small>
        <small id="composer-count" className={count.over ? 'over' : undefined} aria-live="polite">
          {count.show
            ? count.over
              ? t('composer.tooLong', { count: -count.remaining })
              : t('composer.remaining', { count: count.remaining })
            : ''}
        </small>
      </div>
    </form>
  );
}

/** The quoted message as this reader reads it (their language), not its original text. */
function ReplyQuoteText({ message }: { message: MessageDto }) {
  const { text } = useBubbleText(message);
  return <em>{text.slice(0, 80)}</em>;
}
