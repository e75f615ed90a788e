import { expect, it } from 'vitest';
import type { DeepLink, DesktopBridge } from '../../../../contract/desktop-bridge.ts';
import { joinUrl } from '../../../../contract/join.ts';
import { followDesktopJoinLinks, joinCodeFromLocation, joinCodeFromPath, useJoinRoute } from './joinRoute.ts';

const code = `mshy_${'a1B2_-'.repeat(7)}x`;

it('reads the code of a join page path, and nothing else', () => {
  expect(code).toHaveLength(48);
  expect(joinCodeFromPath(`/join/${code}`)).toBe(code);
  expect(joinCodeFromPath(`/join/${code}/`)).toBe(code);
  for (const path of [
    '/',
    '/join/',
    `/join/${code}/extra`,
    `/joins/${code}`,
    '/join/mshy_short',
    `/join/${code.slice(0, -1)}%2F`,
    `/x/join/${code}`,
  ]) {
    expect([path, joinCodeFromPath(path)]).toEqual([path, null]);
  }
});

it('reads the code the server sends on in the query', () => {
  expect(joinCodeFromLocation({ pathname: '/', search: `?join=${code}` })).toBe(code);
  expect(joinCodeFromLocation({ pathname: `/join/${code}`, search: '' })).toBe(code);
  expect(joinCodeFromLocation({ pathname: '/', search: '?join=mshy_bad' })).toBeNull();
  expect(joinCodeFromLocation({ pathname: '/', search: '' })).toBeNull();
});

it('builds the address to share from the server and the code', () => {
  expect(joinUrl('http://127.0.0.1:3000/', code)).toBe(`http://127.0.0.1:3000/join/${code}`);
  expect(joinUrl('https://chat.example.org', code)).toBe(`https://chat.example.org/join/${code}`);
});

it('a desktop join link opens the join screen; a conversation link or a malformed code does not', () => {
  const listeners: ((link: DeepLink) => void)[] = [];
  const stop = followDesktopJoinLinks({
    on: ((_event: 'deep-link', listener: (link: DeepLink) => void) => {
      listeners.push(listener);
      return () => listeners.splice(0);
    }) as Pick<DesktopBridge, 'on'>['on'],
  });
  const emit = (link: DeepLink) => {
    for (const listener of listeners) listener(link);
  };
  useJoinRoute.setState({ code: null });
  emit({ kind: 'conversation', conversationId: 'c-1' });
  emit({ kind: 'join', token: 'not-a-share-code' });
  expect(useJoinRoute.getState().code).toBeNull();
  emit({ kind: 'join', token: code });
  expect(useJoinRoute.getState().code).toBe(code);
  stop();
  expect(listeners).toHaveLength(0);
  // In a browser there is nothing to follow, and stopping is harmless.
  const none = followDesktopJoinLinks(undefined);
  none();
});
