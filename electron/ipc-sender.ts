import { isAppUrl } from './app-origin.ts';

/** What an IPC handler knows of the frame that called it (Electron's `event.senderFrame`, which may be gone). */
export interface SenderFrame {
  url: string;
  /** Whether it is the window's top frame: embedded frames never get the bridge's powers. */
  isMainFrame: boolean;
}

/**
 * Every IPC handler asks this before acting: the call must come from the top frame of a page of the app's
 * own origin. A page that navigated elsewhere (or a frame it embeds) keeps the preload's objects around
 * in theory; the check makes sure they no longer do anything.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  return frame !== null && frame !== undefined && frame.isMainFrame && isAppUrl(frame.url);
}
