import { useEffect } from 'react';
import { Icon, type IconName } from '../components/Icon.tsx';
import { useT } from '../i18n/useT.ts';
import type { MessageKey } from '../i18n/en.ts';
import { useConversations } from '../features/conversations/conversationsStore.ts';
import { useDesktopIntegration } from '../features/desktop/useDesktopIntegration.ts';
import { unmutedUnread, useMutedConversations } from '../features/notifications/mutedConversations.ts';
import { useView, type View } from './viewStore.ts';

const ITEMS: { view: View; icon: IconName; label: MessageKey }[] = [
  { view: 'chats', icon: 'chats', label: 'nav.chats' },
  { view: 'models', icon: 'models', label: 'nav.models' },
  { view: 'server', icon: 'server', label: 'nav.server' },
  { view: 'settings', icon: 'settings', label: 'nav.settings' },
];

export function NavRail() {
  const t = useT();
  const { view, setView } = useView();
  const muted = useMutedConversations((s) => s.muted);
  const unread = useConversations((s) => unmutedUnread(s.list, muted));
  useDesktopIntegration(unread);
  // The window title carries the unread count, so the taskbar shows it like other messengers.
  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) ${t('app.name')}` : t('app.name');
  }, [unread, t]);
  return (
    <nav className="nav-rail" aria-label={t('nav.main')}>
      <span className="logo" aria-hidden="true">
        M
      </span>
      <ul>
        {ITEMS.map((item) => (
          <li key={item.view}>
            <button
              type="button"
              className="nav-button"
              aria-current={view === item.view ? 'page' : undefined}
              aria-label={t(item.label)}
              title={t(item.label)}
              onClick={() => {
                setView(item.view);
              }}
            >
              <Icon name={item.icon} />
              {item.view === 'chats' && unread > 0 && (
                <span className="badge" aria-hidden="true">
                  {unread > 99 ? '99+' : unread}
                </span>
              )}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
