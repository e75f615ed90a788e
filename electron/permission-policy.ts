import { isAppUrl } from './app-origin.ts';

/**
 * Which web permissions the page gets: notifications, asked by the app's own page, and nothing else
 * (camera, microphone, geolocation, clipboard reading, MIDI, HID, serial… are all refused).
 */
export function isPermissionGranted(permission: string, requestingUrl: string | undefined): boolean {
  return permission === 'notifications' && isAppUrl(requestingUrl);
}
