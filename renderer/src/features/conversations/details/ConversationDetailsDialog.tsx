import { useEffect } from 'react';
import { ModalDialog } from '../../../components/ModalDialog.tsx';
import { useT } from '../../../i18n/useT.ts';
import { engine } from '../../sync/engine.ts';
import { conversationTitle } from '../conversationTitle.ts';
import { useConversations } from '../conversationsStore.ts';
import { DirectPeerDetails } from './DirectPeerDetails.tsx';
import { GroupDetails } from './GroupDetails.tsx';
import { groupActions, type GroupActions } from './groupActions.ts';

interface Props {
  conversationId: string;
  selfId: string;
  onClose: () => void;
  /** The server calls; tests pass their own. */
  actions?: GroupActions;
  /** Fetches fresh members on open; tests pass their own. */
  refresh?: (conversationId: string) => Promise<void>;
}

/** Module-level, so the effect below does not run again on every render. */
const loadDetail = (conversationId: string) => engine.loadDetail(conversationId);

/** The details of the open conversation: the other person of a direct chat, or a group and its members. */
export function ConversationDetailsDialog({
  conversationId,
  selfId,
  onClose,
  actions = groupActions,
  refresh = loadDetail,
}: Props) {
  const t = useT();
  const summary = useConversations((s) => s.list.find((c) => c.id === conversationId));
  const detail = useConversations((s) => s.details[conversationId]);

  // Members and presence may have changed since the list loaded; live events keep them current after.
  useEffect(() => {
    void refresh(conversationId);
  }, [conversationId, refresh]);

  const title = summary === undefined ? '' : conversationTitle(summary, detail, selfId, t('list.global'));
  return (
    <ModalDialog labelledBy="details-title" onClose={onClose} className="dialog details-dialog">
      <header className="row spread">
        <h2 id="details-title">{t('details.title')}</h2>
        <button type="button" className="icon-button" aria-label={t('common.close')} onClick={onClose}>
          ×
        </button>
      </header>
      {detail === undefined || summary === undefined ? (
        <p role="status">{t('common.loading')}</p>
      ) : detail.type === 'direct' ? (
        <DirectPeerDetails detail={detail} selfId={selfId} />
      ) : (
        <GroupDetails detail={detail} title={title} selfId={selfId} actions={actions} onLeft={onClose} />
      )}
    </ModalDialog>
  );
}
