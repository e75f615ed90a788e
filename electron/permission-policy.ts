import { isAppUrl } from './app-origin.ts';

/**
 * Which web permissions the page gets, asked by the app's own page only: notifications, and the
 * microphone alone for recording a voice message (`media` whose every requested type is audio). Camera,
 * screen capture, geolocation, clipboard reading, MIDI, HID, serial… are all refused.
 */
export function isPermissionGranted(
  permission: string,
  requestingUrl: string | undefined,
  mediaTypes: readonly string[] = [],
): boolean {
  if (!isAppUrl(requestingUrl)) return false;
  if (permission === 'notifications') return true;
  return permission === 'media' && mediaTypes.length > 0 && mediaTypes.every((type) => type === 'audio');
}
