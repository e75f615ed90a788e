import { describe, expect, it } from 'vitest';
import { buildContentSecurityPolicy, connectSourcesOf } from './content-security-policy.ts';

const directive = (policy: string, name: string) =>
  policy
    .split('; ')
    .find((part) => part.startsWith(`${name} `))
    ?.split(' ')
    .slice(1);

describe('the content security policy', () => {
  it('allows scripts from the app only, and connections to the chosen servers', () => {
    const policy = buildContentSecurityPolicy(['http://127.0.0.1:43123', 'https://chat.example.org/base']);
    expect(directive(policy, 'default-src')).toEqual(["'none'"]);
    expect(directive(policy, 'script-src')).toEqual(["'self'"]);
    expect(directive(policy, 'object-src')).toEqual(["'none'"]);
    expect(directive(policy, 'frame-ancestors')).toEqual(["'none'"]);
    expect(directive(policy, 'connect-src')).toEqual([
      'app://meeshy',
      'http://127.0.0.1:43123',
      'ws://127.0.0.1:43123',
      'https://chat.example.org',
      'wss://chat.example.org',
    ]);
    expect(policy).not.toMatch(/unsafe-eval/);
    // Attachments are shown from blob: URLs the page makes itself; never from another origin.
    expect(directive(policy, 'img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(directive(policy, 'media-src')).toEqual(["'self'", 'blob:']);
  });
  it.each([
    "https://evil.example; script-src 'unsafe-inline'",
    'https://evil.example script-src *',
    "https://evil.example/'unsafe-eval'",
    '*',
    'https:',
    'javascript:alert(1)',
    'data:text/html,x',
    'file:///etc',
    'https://user:pw@evil.example',
    'ws://evil.example',
    'not a url',
  ])('adds no source from the hostile server value %s', (server) => {
    const policy = buildContentSecurityPolicy([server]);
    expect(directive(policy, 'script-src')).toEqual(["'self'"]);
    const connect = directive(policy, 'connect-src') ?? [];
    for (const source of connect)
      expect(source).toMatch(/^(app:\/\/meeshy|(https?|wss?):\/\/[A-Za-z0-9.-]+(:\d+)?)$/);
    expect(policy.split('; ').filter((part) => part.startsWith('script-src'))).toHaveLength(1);
  });
  it('keeps a server URL to its origin', () => {
    expect(connectSourcesOf('https://chat.example.org:8443/x?y=1;z')).toEqual([
      'https://chat.example.org:8443',
      'wss://chat.example.org:8443',
    ]);
  });
});
