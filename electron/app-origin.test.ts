import { describe, expect, it } from 'vitest';
import { isAppUrl } from './app-origin.ts';
import { mayNavigate } from './navigation-policy.ts';
import { isPermissionGranted } from './permission-policy.ts';
import { isTrustedSender } from './ipc-sender.ts';

const HOSTILE_URLS = [
  'app://meeshy.evil.example/',
  'app://evil.example/app://meeshy/',
  'app://meeshy@evil.example/',
  'app://user:pass@meeshy/',
  'app://meeshy:8080/',
  'http://meeshy/',
  'https://meeshy/',
  'file:///app://meeshy/index.html',
  'javascript:location="app://meeshy/"',
  'data:text/html,app://meeshy',
  'APP://MEESHY.evil/',
  'app:meeshy',
  '',
  'not a url',
];

describe('the navigation allow-list', () => {
  it('lets the window move between pages of the app origin', () => {
    expect(mayNavigate('app://meeshy/')).toBe(true);
    expect(mayNavigate('app://meeshy/conversations/42?x=1#top')).toBe(true);
  });
  it.each(HOSTILE_URLS)('keeps the window from loading %s', (url) => {
    expect(mayNavigate(url)).toBe(false);
  });
  it('keeps the window off the local server itself and any web site', () => {
    expect(mayNavigate('http://127.0.0.1:3001/')).toBe(false);
    expect(mayNavigate('https://example.org/')).toBe(false);
  });
});

describe('the IPC sender check', () => {
  it('trusts only the top frame of an app page', () => {
    expect(isTrustedSender({ url: 'app://meeshy/', parent: null })).toBe(true);
    expect(isTrustedSender({ url: 'app://meeshy/', parent: { url: 'app://meeshy/' } })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });
  it.each(HOSTILE_URLS)('refuses a frame at %s', (url) => {
    expect(isTrustedSender({ url, parent: null })).toBe(false);
  });
});

describe('the permission decision', () => {
  it('grants notifications to the app page only', () => {
    expect(isPermissionGranted('notifications', 'app://meeshy/')).toBe(true);
    expect(isPermissionGranted('notifications', 'https://evil.example/')).toBe(false);
    expect(isPermissionGranted('notifications', undefined)).toBe(false);
  });
  it('grants the microphone alone to the app page, for voice messages', () => {
    expect(isPermissionGranted('media', 'app://meeshy/', ['audio'])).toBe(true);
    expect(isPermissionGranted('media', 'app://meeshy/', ['audio', 'video'])).toBe(false);
    expect(isPermissionGranted('media', 'app://meeshy/', ['video'])).toBe(false);
    expect(isPermissionGranted('media', 'app://meeshy/', [])).toBe(false);
    expect(isPermissionGranted('media', 'https://evil.example/', ['audio'])).toBe(false);
  });
  it.each([
    'media',
    'geolocation',
    'clipboard-read',
    'midi',
    'hid',
    'serial',
    'openExternal',
    'fullscreen',
    '',
  ])('refuses %s even to the app page', (permission) => {
    expect(isPermissionGranted(permission, 'app://meeshy/')).toBe(false);
  });
  it('checks the app origin strictly', () => {
    expect(isAppUrl('app://meeshy/x')).toBe(true);
    for (const url of HOSTILE_URLS) expect(isAppUrl(url)).toBe(false);
  });
});
