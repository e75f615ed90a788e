import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  openLogFolder: () => void;
  quit: () => void;
}

/**
 * The application menu: the usual shortcuts (copy, paste, undo, zoom, full screen, close, quit) through
 * Electron's roles, which carry each platform's own accelerators. Developer tools only in development.
 */
export function menuTemplate(
  platform: NodeJS.Platform,
  developer: boolean,
  actions: MenuActions,
): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const quit: MenuItemConstructorOptions = {
    label: 'Quit Meeshy',
    accelerator: mac ? 'Cmd+Q' : 'Ctrl+Q',
    click: actions.quit,
  };
  return [
    ...(mac
      ? [
          {
            label: 'Meeshy',
            submenu: [
              { role: 'about' },
              { type: 'separator' },
              { role: 'hide' },
              { role: 'hideOthers' },
              { role: 'unhide' },
              { type: 'separator' },
              quit,
            ],
          } satisfies MenuItemConstructorOptions,
        ]
      : []),
    { label: 'File', submenu: mac ? [{ role: 'close' }] : [{ role: 'close' }, quit] },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(developer
          ? ([{ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' }] as const)
          : []),
      ],
    },
    { label: 'Window', submenu: [{ role: 'minimize' }, ...(mac ? [{ role: 'front' } as const] : [])] },
    { label: 'Help', submenu: [{ label: 'Open the Log Folder', click: actions.openLogFolder }] },
  ];
}
