import { Menu, app, shell } from 'electron';
import { menuTemplate } from './menu-template.ts';

/** Installs the application menu (see menu-template.ts for what it holds). */
export function installMenu(logFolder: string, quit: () => void): void {
  const template = menuTemplate(process.platform, !app.isPackaged, {
    openLogFolder: () => {
      void shell.openPath(logFolder);
    },
    quit,
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
