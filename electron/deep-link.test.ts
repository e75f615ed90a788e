import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SHARE_LINK_PREFIX, shareLinkCodeSchema } from '../contract/join.ts';
import { deepLinkInArguments, parseDeepLink } from './deep-link.ts';

describe('the deep-link parser', () => {
  it('reads a conversation link and a join link', () => {
    expect(parseDeepLink('meeshy://conversation/3f2a-b_9')).toEqual({
      kind: 'conversation',
      conversationId: '3f2a-b_9',
    });
    expect(parseDeepLink('meeshy://join/AbC123')).toEqual({ kind: 'join', token: 'AbC123' });
    expect(parseDeepLink('MEESHY://conversation/x1')).toEqual({ kind: 'conversation', conversationId: 'x1' });
  });
  it.each([
    'meeshy://conversation/',
    'meeshy://conversation',
    'meeshy://conversation/a/b',
    'meeshy://conversation/../settings',
    'meeshy://conversation/%2e%2e',
    'meeshy://conversation/a%2Fb',
    'meeshy://conversation/a?next=https://evil.example',
    'meeshy://conversation/a#x',
    'meeshy://user:pw@conversation/a',
    'meeshy://conversation:80/a',
    'meeshy://settings/reset',
    'meeshy://open-external/https%3A%2F%2Fevil.example',
    'meeshy:conversation/a',
    'meeshy:///conversation/a',
    'https://conversation/a',
    'app://meeshy/conversation/a',
    `meeshy://join/${'a'.repeat(200)}`,
    'meeshy://join/<script>',
    'meeshy://join/a b',
    '',
    'not a url',
  ])('refuses %s', (link) => {
    expect(parseDeepLink(link)).toBeUndefined();
  });
  it.each([undefined, null, 7, {}, ['meeshy://join/a']])(
    'refuses a value that is not a string: %j',
    (value) => {
      expect(parseDeepLink(value)).toBeUndefined();
    },
  );
  it('hands a share link code over exactly as the server issued it', () => {
    for (let round = 0; round < 50; round += 1) {
      // The server's codes: the prefix and 32 random bytes in base64url ('-' and '_' included).
      const code = SHARE_LINK_PREFIX + randomBytes(32).toString('base64url');
      const link = parseDeepLink(`meeshy://join/${code}`);
      expect(link).toEqual({ kind: 'join', token: code });
      expect(shareLinkCodeSchema.safeParse(link?.kind === 'join' ? link.token : '').success).toBe(true);
      expect(parseDeepLink(`meeshy://join/${code}/`)).toEqual({ kind: 'join', token: code });
    }
  });
  it.each([
    'meeshy://join/mshy_abc/extra',
    'meeshy://join/mshy_abc?x=1',
    'meeshy://join//mshy_abc',
    'meeshy://join/mshy_abc%00',
    'meeshy://join/mshy_abc.',
  ])('refuses the join link %s', (link) => {
    expect(parseDeepLink(link)).toBeUndefined();
  });
  it('finds the link among launch arguments, ignoring the others', () => {
    const argv = ['/opt/Meeshy/meeshy', '--no-sandbox', 'meeshy://evil/x', 'meeshy://join/tok'];
    expect(deepLinkInArguments(argv)).toEqual({ kind: 'join', token: 'tok' });
    expect(deepLinkInArguments(['/opt/Meeshy/meeshy', '--flag=meeshy://join/tok'])).toBeUndefined();
  });
});
