import type { ConversationDetail } from '../../../../../contract/conversations.ts';
import { Avatar } from '../../../components/Avatar.tsx';
import { languageName } from '../../../i18n/i18n.ts';
import { useT } from '../../../i18n/useT.ts';
import { formatListTime } from '../../../lib/formatTime.ts';
import { useLive } from '../../chat/liveStore.ts';
import { usePrefs } from '../../settings/prefsStore.ts';
import { directPeer } from '../conversationTitle.ts';

/** The other person of a direct conversation: who they are, whether they are here, the language they use. */
export function DirectPeerDetails({ detail, selfId }: { detail: ConversationDetail; selfId: string }) {
  const t = useT();
  const uiLanguage = usePrefs((s) => s.uiLanguage);
  const peer = directPeer(detail, detail, selfId);
  const presence = useLive((s) => (peer === undefined ? undefined : s.presence[peer.id]));
  if (peer === undefined) return <p>{t('details.nobody')}</p>;
  const online = presence?.isOnline ?? peer.isOnline;
  const lastSeen = presence?.lastSeenAt ?? peer.lastSeenAt;
  return (
    <div className="details-peer">
      <Avatar name={peer.displayName} online={online} />
      <dl>
        <dt>{t('details.displayName')}</dt>
        <dd>{peer.displayName}</dd>
        <dt>{t('auth.username')}</dt>
        <dd>@{peer.username}</dd>
        <dt>{t('details.language')}</dt>
        <dd>{languageName(peer.systemLanguage, uiLanguage)}</dd>
        <dt>{t('details.status')}</dt>
        <dd>
          {online
            ? t('chat.online')
            : lastSeen !== null
              ? t('chat.lastSeen', { time: formatListTime(lastSeen, uiLanguage) })
              : t('details.offline')}
        </dd>
      </dl>
    </div>
  );
}
