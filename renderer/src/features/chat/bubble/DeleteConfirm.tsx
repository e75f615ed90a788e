import { useState } from 'react';
import type { MessageDto } from '../../../../../contract/messages.ts';
import { api } from '../../../app/services.ts';
import { useT } from '../../../i18n/useT.ts';
import { errorText } from '../../auth/errorText.ts';
import { useConversations } from '../../conversations/conversationsStore.ts';
import { useTimelines } from '../timelineStore.ts';
import { FormError } from '../../../components/FormError.tsx';

export function DeleteConfirm({ message, onDone }: { message: MessageDto; onDone: () => void }) {
  const t = useT();
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    try {
      await api.deleteMessage(message.conversationId, message.id);
      // The 204 carries no version; the server's event (with the real one) may follow and is then a no-op.
      useTimelines.getState().applyDeleted(message.conversationId, message.id, message.version + 1);
      useConversations.getState().applyDeleted(message.conversationId, message.id);
      onDone();
    } catch (e) {
      setError(errorText(e, t));
    }
  };
  return (
    <div className="delete-confirm" role="alertdialog" aria-label={t('msg.confirmDelete')}>
      <p>{t('msg.confirmDelete')}</p>
      <FormError error={error} />
      <div className="row">
        <button type="button" autoFocus onClick={onDone}>
          {t('msg.cancel')}
        </button>
        <button type="button" className="danger" onClick={() => void confirm()}>
          {t('msg.delete')}
        </button>
      </div>
    </div>
  );
}
