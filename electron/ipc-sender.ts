import { isAppUrl } from './app-origin.ts';

/**
 * What an IPC handler knows of the frame that called it (Electron's `event.senderFrame`, null once gone).
 * A frame with a parent is embedded in the page: embedded frames never get the bridge's powers.
 */
export interface SenderFrame {
  url: string;
  parent: unknown;
}

/**
 * Every IPC handler asks this before acting: the call must come from the top frame of a page of the app's
 * own origin. A page that navigated elsewhere (or a frame it embeds) keeps the preload's objects around
 * in theory; the check makes sure they no longer do anything.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  return frame !== null && frame !== undefined && frame.parent === null && isAppUrl(frame.url);
}
