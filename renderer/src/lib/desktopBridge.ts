import type { DesktopBridge } from '../../../contract/desktop-bridge.ts';

/**
 * The desktop app's bridge (contract/desktop-bridge.ts), which its preload puts on `window`; undefined in a
 * browser, where every screen behaves as a web client.
 */
export function desktopBridge(): DesktopBridge | undefined {
  return (window as { meeshyDesktop?: DesktopBridge }).meeshyDesktop;
}
