/**
 * The desktop app's main process: a composition root that wires the modules of this folder together and
 * decides nothing itself (each decision is a plain module with its tests). Order matters at the top: the
 * user-data folder and the app:// scheme must be settled before Electron is ready, and a second launch
 * must hand over to the first before anything opens.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, session } from 'electron';
import { DESKTOP_APP_ORIGIN } from '../contract/desktop-app.ts';
import type { DeepLink, ServerMode, StackStatus } from '../contract/desktop-bridge.ts';
import { appPaths } from './app-paths.ts';
import { START_PAGE_PATH } from './app-files.ts';
import { buildContentSecurityPolicy } from './content-security-policy.ts';
import { deepLinkInArguments, listenForDeepLinks } from './deep-links.ts';
import { PreferencesStore } from './desktop-preferences.ts';
import { registerDesktopHandlers, sendDesktopEvent } from './ipc.ts';
import { setUpLogs } from './logs.ts';
import { installMenu } from './menu.ts';
import { notifyMessage } from './notifications.ts';
import { registerAppScheme, serveAppScheme } from './protocol.ts';
import { claimSingleInstance } from './single-instance.ts';
import { DesktopStack, electronChildCommands } from './stack.ts';
import { createAppTray, type AppTray } from './tray.ts';
import { parseNotice } from './message-notice.ts';
import { parseDeviceTranslationRequest } from './device-translation-request.ts';
import { stackKindFor, usesLocalServer } from './stack-kind.ts';
import { dockerHandlers } from './docker-handlers.ts';
import { desktopDockerController } from '../stack/docker-mode-controller.ts';
import { unreadBadgeCount } from './unread-badge.ts';
import { openOutside, enforceWebSecurity } from './web-security.ts';
import { createMainWindow, focusWindow } from './window.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
// The build puts this file in dist/app/electron/ and the client in dist/renderer/.
const CLIENT_DIR = path.join(HERE, '..', '..', 'renderer');
const PRELOAD = path.join(HERE, 'preload.cjs');

// Tests (and a second profile) choose the user-data folder; it must be set before anything reads it.
const chosenUserData = process.env.MEESHY_USER_DATA;
if (chosenUserData !== undefined && chosenUserData !== '')
  app.setPath('userData', path.resolve(chosenUserData));
const paths = appPaths(app.getPath('userData'));
app.enableSandbox();
registerAppScheme();

let window: BrowserWindow | undefined;
let pendingLink: DeepLink | undefined;
let clientShown = false;

const deliverLink = (link: DeepLink) => {
  pendingLink = link;
  flushLink();
};
function flushLink(): void {
  if (window === undefined || !clientShown || pendingLink === undefined) return;
  sendDesktopEvent(window.webContents, 'deep-link', pendingLink);
  pendingLink = undefined;
  focusWindow(window);
}

if (
  !claimSingleInstance((argv) => {
    if (window !== undefined) focusWindow(window);
    const link = deepLinkInArguments(argv);
    if (link !== undefined) deliverLink(link);
  })
) {
  app.quit();
} else {
  void app.whenReady().then(start);
}

function start(): void {
  const logs = setUpLogs(paths);
  logs.main.info(`Meeshy starting; data in ${paths.userData}`);
  const preferences = new PreferencesStore(paths.preferences);
  // Docker settings (DOCKER_HOST, image names…) come from the environment, as for `npm run docker`. Only a
  // development run has the sources whose Dockerfiles build the project's images.
  const docker = desktopDockerController(
    process.env,
    app.isPackaged ? undefined : path.join(HERE, '..', '..', '..'),
  );
  const stack = new DesktopStack({
    dataDir: paths.dataDir,
    commands: electronChildCommands(process.execPath),
    logFile: paths.mainLog,
    log: (service, line) => {
      if (service === 'stack') logs.main.info(line);
      else logs.child(service, line);
    },
    startDocker: (settings, options, onStep) =>
      docker.startMode(settings, options, onStep).then((started) => started.stack),
  });
  const mode = (): ServerMode => preferences.get().serverMode;
  // Empty while only the translator runs (remote mode): then no local server is there to reach.
  const localServerUrl = () =>
    stack.status.state === 'ready' && stack.status.url !== '' ? stack.status.url : undefined;
  // The local stack of the current mode (the translator alone for a remote server), or none.
  const startStack = () => stack.start(stackKindFor(mode()));
  const servers = () => {
    const current = mode();
    const local = localServerUrl();
    return [...(current.kind === 'remote' ? [current.url] : []), ...(local === undefined ? [] : [local])];
  };

  enforceWebSecurity(session.defaultSession);
  serveAppScheme(session.defaultSession, {
    clientDir: CLIENT_DIR,
    contentSecurityPolicy: () => buildContentSecurityPolicy(servers()),
    localServerUrl,
    stackStatus: () => (usesLocalServer(mode()) ? stack.status : { state: 'not-used' }),
    offerLocalMode: () => mode().kind === 'docker',
  });

  let quitting = false;
  const mainWindow = createMainWindow({
    preload: PRELOAD,
    windowStateFile: paths.windowState,
    closeToTray: () => preferences.get().closeToTray,
    isQuitting: () => quitting,
  });
  window = mainWindow;
  const showClient = () => {
    clientShown = true;
    void mainWindow.loadURL(`${DESKTOP_APP_ORIGIN}/`);
  };
  const showStart = () => {
    clientShown = false;
    void mainWindow.loadURL(`${DESKTOP_APP_ORIGIN}${START_PAGE_PATH}`);
  };
  mainWindow.webContents.on('did-finish-load', flushLink);

  stack.on('status', (status: StackStatus) => {
    logs.main.info(`stack: ${JSON.stringify(status)}`);
    sendDesktopEvent(mainWindow.webContents, 'stack-status', status);
    if (status.state === 'ready' && !clientShown) showClient();
    if (status.state === 'failed' && clientShown && usesLocalServer(mode())) showStart();
  });

  let tray: AppTray | undefined;
  const quit = () => {
    quitting = true;
    app.quit();
  };
  try {
    tray = createAppTray(
      app.isPackaged ? process.resourcesPath : path.join(HERE, '..', '..', '..', 'resources'),
      {
        show: () => {
          focusWindow(mainWindow);
        },
        quit,
      },
    );
  } catch (error) {
    // Some Linux desktops have no tray; the app works without one.
    logs.main.warn(`no tray: ${String(error)}`);
  }
  installMenu(paths.logFolder, quit);

  registerDesktopHandlers({
    stackStatus: () => Promise.resolve(usesLocalServer(mode()) ? stack.status : { state: 'not-used' }),
    retryStack: startStack,
    serverMode: () => Promise.resolve(mode()),
    setServerMode: async (next) => {
      preferences.setServerMode(next);
      await startStack();
    },
    setUnreadCount: (count) => {
      tray?.setUnread(count);
      if (tray === undefined) app.setBadgeCount(unreadBadgeCount(count));
      return Promise.resolve();
    },
    notifyMessage: (notice) =>
      Promise.resolve(
        notifyMessage(
          parseNotice(notice),
          { windowFocused: mainWindow.isFocused(), doNotDisturb: preferences.get().doNotDisturb },
          (conversationId) => {
            focusWindow(mainWindow);
            sendDesktopEvent(mainWindow.webContents, 'open-conversation', { conversationId });
          },
        ),
      ),
    translateOnDevice: (request) => stack.translate(parseDeviceTranslationRequest(request)),
    deviceModel: () => stack.deviceModel(),
    downloadDeviceModel: (acceptLicense) => stack.downloadDeviceModel(acceptLicense === true),
    openExternal: (url) => Promise.resolve(openOutside(url)),
    preferences: () => Promise.resolve(pick(preferences.get())),
    setPreferences: (change) => Promise.resolve(pick(preferences.update(change))),
    logFolder: () => Promise.resolve(paths.logFolder),
    ...dockerHandlers({ controller: docker, mode, stack }),
  });
  docker.on('view', (view) => {
    sendDesktopEvent(mainWindow.webContents, 'docker-state', view);
  });

  listenForDeepLinks(deliverLink);

  // Quit stops the stack in order (server, then translator) and waits for it before the app exits.
  let stopped = false;
  app.on('before-quit', (event) => {
    quitting = true;
    if (stopped) return;
    event.preventDefault();
    void stack
      .stop()
      .catch((error: unknown) => {
        logs.main.error(`stopping the stack: ${String(error)}`);
      })
      .finally(() => {
        stopped = true;
        tray?.destroy();
        app.quit();
      });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') quit();
  });
  app.on('activate', () => {
    focusWindow(mainWindow);
  });

  if (usesLocalServer(mode())) showStart();
  else showClient();
  void startStack();
}

const pick = ({ closeToTray, doNotDisturb }: { closeToTray: boolean; doNotDisturb: boolean }) => ({
  closeToTray,
  doNotDisturb,
});
