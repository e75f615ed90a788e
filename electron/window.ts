import { BrowserWindow, screen } from 'electron';
import { readJsonFile, writeJsonFile } from './json-file.ts';
import {
  DEFAULT_SIZE,
  MINIMUM_SIZE,
  restorableWindowState,
  type SavedWindowState,
} from './window-geometry.ts';

export interface MainWindowOptions {
  preload: string;
  windowStateFile: string;
  /** Asked when the user closes the window: true keeps the app in the tray instead of quitting. */
  closeToTray: () => boolean;
  isQuitting: () => boolean;
}

/**
 * The app's one window, at the size and place it had (when that place is still on a display), with the
 * page locked down: context isolation, sandbox, no Node. Its geometry is saved when it changes.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const restored = restorableWindowState(
    readJsonFile(options.windowStateFile),
    screen.getAllDisplays().map((display) => display.workArea),
  );
  const window = new BrowserWindow({
    ...(restored?.bounds ?? DEFAULT_SIZE),
    minWidth: MINIMUM_SIZE.width,
    minHeight: MINIMUM_SIZE.height,
    show: false,
    title: 'Meeshy',
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: true,
    },
  });
  if (restored?.maximized === true) window.maximize();
  window.once('ready-to-show', () => {
    window.show();
  });

  let saveTimer: NodeJS.Timeout | undefined;
  const save = () => {
    if (window.isDestroyed()) return;
    const state: SavedWindowState = { bounds: window.getNormalBounds(), maximized: window.isMaximized() };
    writeJsonFile(options.windowStateFile, state);
  };
  const saveSoon = () => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(save, 500);
  };
  window.on('resize', saveSoon);
  window.on('move', saveSoon);
  window.on('close', (event) => {
    clearTimeout(saveTimer);
    save();
    if (!options.isQuitting() && options.closeToTray()) {
      event.preventDefault();
      window.hide();
    }
  });
  return window;
}

/** Brings the window to the front (a second launch, a notification click, a deep link). */
export function focusWindow(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
