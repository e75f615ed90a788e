import { expect, it } from 'vitest';
import { shareableJoinLink } from './shareableLink.ts';

const code = `mshy_${'a1B2_-'.repeat(7)}x`;

it("prefers the server's public URL, whatever address this client reaches it at", () => {
  const webUrl = `https://chat.example.org/join/${code}`;
  expect(shareableJoinLink(code, webUrl, 'http://127.0.0.1:3001')).toEqual({
    url: webUrl,
    onlyWhereServerIsReachable: false,
  });
});

it('uses the address of a server others reach when it has no public URL', () => {
  expect(shareableJoinLink(code, null, 'https://meeshy.lan:3001/')).toEqual({
    url: `https://meeshy.lan:3001/join/${code}`,
    onlyWhereServerIsReachable: false,
  });
});

it('gives a desktop link, marked as reachable only where the server is, for a loopback server', () => {
  for (const local of [
    'http://127.0.0.1:3001',
    'http://localhost:3001',
    'http://[::1]:3001',
    'http://app.localhost',
  ]) {
    expect([local, shareableJoinLink(code, null, local)]).toEqual([
      local,
      { url: `meeshy://join/${code}`, onlyWhereServerIsReachable: true },
    ]);
  }
});
