import { ipcMain, type WebContents } from 'electron';
import {
  desktopChannel,
  type DesktopEventName,
  type DesktopEvents,
  type DesktopMethodName,
  type DesktopMethods,
} from '../contract/desktop-bridge.ts';
import { isTrustedSender } from './ipc-sender.ts';

/**
 * The main process's side of the bridge: one handler per method of the contract. A handler receives its
 * argument as `unknown`, because it comes from the page: each one validates what it is given.
 */
export type DesktopHandlers = {
  [K in DesktopMethodName]: (argument: unknown) => Promise<Awaited<ReturnType<DesktopMethods[K]>>>;
};

/** Registers every handler behind the sender check: a call from anything but the app's own top frame is refused. */
export function registerDesktopHandlers(handlers: DesktopHandlers): void {
  for (const name of Object.keys(handlers) as DesktopMethodName[]) {
    ipcMain.handle(desktopChannel(name), async (event, argument: unknown) => {
      if (!isTrustedSender(event.senderFrame)) {
        throw new Error(`${name} refused: the caller is not the app's page`);
      }
      return handlers[name](argument);
    });
  }
}

/** Pushes an event of the contract to a page. */
export function sendDesktopEvent<E extends DesktopEventName>(
  contents: WebContents,
  event: E,
  payload: DesktopEvents[E],
): void {
  if (!contents.isDestroyed()) contents.send(desktopChannel(event), payload);
}
