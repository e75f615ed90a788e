import path from 'node:path';
import { app, Menu, nativeImage, Tray } from 'electron';
import { unreadBadgeCount, unreadBadgeLabel } from './unread-badge.ts';

export interface AppTray {
  setUnread(reported: unknown): number;
  destroy(): void;
}

/**
 * The tray icon with the unread count in its tooltip (and title on macOS), and the dock/taskbar badge where
 * the platform has one (macOS, Linux launchers that support it). Its menu shows the window or quits.
 */
export function createAppTray(
  resourcesDir: string,
  actions: { show: () => void; quit: () => void },
): AppTray {
  const icon = nativeImage.createFromPath(path.join(resourcesDir, 'tray.png'));
  const tray = new Tray(icon.isEmpty() ? nativeImage.createEmpty() : icon.resize({ width: 16, height: 16 }));
  tray.setToolTip('Meeshy');
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Show Meeshy', click: actions.show },
      { type: 'separator' },
      { label: 'Quit', click: actions.quit },
    ]),
  );
  tray.on('click', actions.show);
  return {
    setUnread(reported) {
      const count = unreadBadgeCount(reported);
      const label = unreadBadgeLabel(count);
      tray.setToolTip(label === '' ? 'Meeshy' : `Meeshy: ${label} unread`);
      if (process.platform === 'darwin') tray.setTitle(label);
      // Returns false where the platform has no badge (Windows: the tooltip is what shows it).
      app.setBadgeCount(count);
      return count;
    },
    destroy() {
      tray.destroy();
    },
  };
}
