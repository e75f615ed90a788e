import { useState, type SyntheticEvent, type KeyboardEvent } from 'react';
import type { MessageDto } from '../../../../../contract/messages.ts';
import { api } from '../../../app/services.ts';
import { useT } from '../../../i18n/useT.ts';
import { errorText } from '../../auth/errorText.ts';
import { engine } from '../../sync/engine.ts';
import { FormError } from '../../../components/FormError.tsx';
import { useMentionEditing } from '../../mentions/useMentionEditing.ts';
import { charCount } from '../composer/charCount.ts';

export function EditForm({ message, onDone }: { message: MessageDto; onDone: () => void }) {
  const t = useT();
  const mentions = useMentionEditing(message);
  const [text, setText] = useState(mentions.initialText);
  const [error, setError] = useState<string | null>(null);
  // The field shows mentions as names, which is how the server counts them too (contract/mentions.ts).
  const valid = text.trim() !== '' && !charCount(text).over;

  const save = async (event?: SyntheticEvent) => {
    event?.preventDefault();
    if (!valid) return;
    const content = mentions.encode(text);
    if (content === message.content) {
      onDone();
      return;
    }
    try {
      engine.ingestIfMessage(await api.editMessage(message.conversationId, message.id, content));
      onDone();
    } catch (e) {
      setError(errorText(e, t));
    }
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') onDone();
    // Ctrl/Cmd+Enter saves, as in Meeshy; plain Enter keeps making new lines while editing.
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void save();
  };

  return (
    <form className="edit-form" onSubmit={(e) => void save(e)}>
      <label htmlFor={`edit-${message.id}`} className="visually-hidden">
        {t('msg.edit')}
      </label>
      <textarea
        id={`edit-${message.id}`}
        autoFocus
        value={text}
        rows={Math.min(8, text.split('\n').length + 1)}
        aria-describedby={`edit-hint-${message.id}`}
        onChange={(e) => {
          setText(e.target.value);
        }}
        onKeyDown={onKeyDown}
      />
      <small id={`edit-hint-${message.id}`}>{t('msg.editHint')}</small>
      <FormError error={error} />
      <div className="row">
        <button type="button" onClick={onDone}>
          {t('msg.cancel')}
        </button>
        <button type="submit" className="primary" disabled={!valid}>
          {t('msg.save')}
        </button>
      </div>
    </form>
  );
}
