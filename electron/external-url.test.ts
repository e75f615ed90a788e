import { describe, expect, it } from 'vitest';
import { externalUrlToOpen } from './external-url.ts';

describe('the external URL filter', () => {
  it('opens parsed web and mail links, normalised', () => {
    expect(externalUrlToOpen('https://example.org/a b')).toBe('https://example.org/a%20b');
    expect(externalUrlToOpen('HTTP://Example.org')).toBe('http://example.org/');
    expect(externalUrlToOpen('mailto:ann@example.org?subject=hi')).toBe('mailto:ann@example.org?subject=hi');
  });
  it.each([
    'file:///etc/passwd',
    'file://server/share/run.exe',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'smb://evil.example/share',
    'ms-msdt:/id PCWDiagnostic',
    'search-ms:query=x',
    'vscode://file/etc/passwd',
    'meeshy://conversation/1',
    'app://meeshy/',
    'https://bank.example@evil.example/',
    'https://user:pass@example.org/',
    'https://',
    '//example.org/',
    '/relative',
    'example.org',
    '',
    ' ',
    `https://example.org/${'a'.repeat(9_000)}`,
  ])('refuses %s', (url) => {
    expect(externalUrlToOpen(url)).toBeUndefined();
  });
  it.each([undefined, null, 42, {}, ['https://example.org/'], { href: 'https://example.org/' }])(
    'refuses a value that is not a string: %j',
    (value) => {
      expect(externalUrlToOpen(value)).toBeUndefined();
    },
  );
});
