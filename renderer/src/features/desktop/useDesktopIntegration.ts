import { useEffect } from 'react';
import { desktopBridge } from '../../lib/desktopBridge.ts';
import { useView } from '../../app/viewStore.ts';
import { useConversations } from '../conversations/conversationsStore.ts';

/**
 * In the desktop app: reports the unread count for the tray and badge, and opens the conversation that a
 * notification click or a `meeshy://conversation/<id>` link asks for. Does nothing in a browser.
 */
export function useDesktopIntegration(unread: number): void {
  useEffect(() => {
    void desktopBridge()?.setUnreadCount(unread);
  }, [unread]);
  useEffect(() => {
    const bridge = desktopBridge();
    if (bridge === undefined) return undefined;
    const open = (conversationId: string) => {
      useView.getState().setView('chats');
      useConversations.getState().select(conversationId);
    };
    const stopClicks = bridge.on('open-conversation', ({ conversationId }) => {
      open(conversationId);
    });
    const stopLinks = bridge.on('deep-link', (link) => {
      if (link.kind === 'conversation') open(link.conversationId);
    });
    return () => {
      stopClicks();
      stopLinks();
    };
  }, []);
}
