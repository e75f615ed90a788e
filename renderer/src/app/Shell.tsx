import { useState } from 'react';
import { ChatView } from '../features/chat/ChatView.tsx';
import { ConversationList } from '../features/conversations/ConversationList.tsx';
import { ModelsView } from '../features/models/ModelsView.tsx';
import { ServerView } from '../features/server/ServerView.tsx';
import { SettingsView } from '../features/settings/SettingsView.tsx';
import { ConnectionStatus } from '../features/server/ConnectionStatus.tsx';
import { FirstRunView } from '../features/firstrun/FirstRunView.tsx';
import { DeviceModelOffer } from '../features/translation/DeviceModelOffer.tsx';
import { isFirstRunPending } from '../features/firstrun/firstRun.ts';
import { useT } from '../i18n/useT.ts';
import { NavRail } from './NavRail.tsx';
import { useView } from './viewStore.ts';

export function Shell() {
  const t = useT();
  const view = useView((s) => s.view);
  const [firstRun, setFirstRun] = useState(isFirstRunPending);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <NavRail />
      <div className="shell-body">
        <ConnectionStatus />
        <DeviceModelOffer />
        <div className="shell-content">
          {firstRun ? (
            <main id="main" className="main-pane page" tabIndex={-1}>
              <FirstRunView
                onDone={() => {
                  setFirstRun(false);
                }}
              />
            </main>
          ) : view === 'chats' ? (
            <>
              <ConversationList />
              <main id="main" className="main-pane" tabIndex={-1}>
                <ChatView />
              </main>
            </>
          ) : (
            <main id="main" className="main-pane page" tabIndex={-1}>
              {view === 'settings' && <SettingsView />}
              {view === 'models' && <ModelsView />}
              {view === 'server' && <ServerView />}
            </main>
          )}
        </div>
      </div>
    </div>
  );
}
