/**
 * The preload: gives the page `window.meeshyDesktop`, the one API declared in contract/desktop-bridge.ts,
 * and nothing else (no `ipcRenderer`, no Node). It is a CommonJS file because a sandboxed preload cannot be
 * an ES module, and it imports nothing of the project at run time (a sandboxed preload may only require
 * `electron`): the channel rule is therefore repeated here, next to its contract twin `desktopChannel`.
 */
// A CommonJS file under verbatimModuleSyntax imports this way: `import … from` would compile to ESM syntax.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- [reason: the sandboxed preload is CommonJS]
import electron = require('electron');
import type { IpcRendererEvent } from 'electron';
import type {
  DesktopBridge,
  DesktopEventName,
  DesktopEvents,
  DesktopMethodName,
  DesktopMethods,
} from '../contract/desktop-bridge.ts';

const { contextBridge, ipcRenderer } = electron;

const channel = (name: DesktopMethodName | DesktopEventName) => `meeshy:${name}`;

/** A method of the contract, carried to the main process (which checks the caller and the argument). */
function method<K extends DesktopMethodName>(name: K): DesktopMethods[K] {
  const call = (argument?: unknown): Promise<unknown> => ipcRenderer.invoke(channel(name), argument);
  return call as DesktopMethods[K];
}

/** The events the page may listen to; any other name is refused rather than wired to a raw channel. */
const EVENTS: Record<DesktopEventName, true> = {
  'stack-status': true,
  'deep-link': true,
  'open-conversation': true,
  'docker-state': true,
};

const bridge = {
  stackStatus: method('stackStatus'),
  retryStack: method('retryStack'),
  serverMode: method('serverMode'),
  setServerMode: method('setServerMode'),
  setUnreadCount: method('setUnreadCount'),
  notifyMessage: method('notifyMessage'),
  translateOnDevice: method('translateOnDevice'),
  deviceModel: method('deviceModel'),
  downloadDeviceModel: method('downloadDeviceModel'),
  openExternal: method('openExternal'),
  preferences: method('preferences'),
  setPreferences: method('setPreferences'),
  logFolder: method('logFolder'),
  dockerState: method('dockerState'),
  startDocker: method('startDocker'),
  stopDocker: method('stopDocker'),
  launchBundled: method('launchBundled'),
  stopBundled: method('stopBundled'),
  on<E extends DesktopEventName>(event: E, listener: (payload: DesktopEvents[E]) => void): () => void {
    if (!Object.hasOwn(EVENTS, event)) throw new Error(`unknown desktop event ${event}`);
    // The page's listener sees the payload only, never the IPC event (which would lead back to ipcRenderer).
    const forward = (_event: IpcRendererEvent, payload: DesktopEvents[E]) => {
      listener(payload);
    };
    ipcRenderer.on(channel(event), forward);
    return () => {
      ipcRenderer.removeListener(channel(event), forward);
    };
  },
} satisfies DesktopBridge;

contextBridge.exposeInMainWorld('meeshyDesktop', bridge);
