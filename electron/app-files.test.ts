import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAppRequest } from './app-files.ts';
import { withLocalServer } from './client-page.ts';
import { startPageHtml } from './start-page.ts';

const root = path.resolve('/opt/meeshy/client');

describe('what app://meeshy serves', () => {
  it('serves files of the client build and index.html for client routes', () => {
    expect(resolveAppRequest('app://meeshy/', root)).toEqual({
      kind: 'file',
      file: path.join(root, 'index.html'),
    });
    expect(resolveAppRequest('app://meeshy/assets/index-1.js', root)).toEqual({
      kind: 'file',
      file: path.join(root, 'assets', 'index-1.js'),
    });
    expect(resolveAppRequest('app://meeshy/conversations/42', root)).toEqual({
      kind: 'file',
      file: path.join(root, 'index.html'),
    });
    expect(resolveAppRequest('app://meeshy/__start', root)).toEqual({ kind: 'start-page' });
  });
  it.each([
    'app://meeshy/../../etc/passwd',
    'app://meeshy/%2e%2e/%2e%2e/etc/passwd',
    'app://meeshy/assets/..%2f..%2f..%2fetc%2fpasswd',
    'app://meeshy/..%5c..%5cwindows%5cwin.ini',
    'app://meeshy/%00.js',
    'app://meeshy/%E0%A4%A',
  ])('stays inside the build folder for %s', (url) => {
    const answer = resolveAppRequest(url, root);
    if (answer.kind === 'file') expect(answer.file.startsWith(root + path.sep)).toBe(true);
    else expect(answer.kind).toBe('refused');
  });
  it('refuses requests of another origin', () => {
    expect(resolveAppRequest('app://evil/index.html', root)).toEqual({ kind: 'refused' });
    expect(resolveAppRequest('app://meeshy.evil/index.html', root)).toEqual({ kind: 'refused' });
  });
});

describe('the start screen', () => {
  it('shows a failure with its reason, the log file and a retry button, escaped', () => {
    const html = startPageHtml(
      {
        state: 'failed',
        reason: 'server exited: <img src=x onerror=alert(1)>',
        logFile: '/home/ann/.config/Meeshy/logs/main.log',
      },
      { offerLocalMode: false },
    );
    expect(html).toContain('Meeshy could not start');
    expect(html).toContain('/home/ann/.config/Meeshy/logs/main.log');
    expect(html).toContain('id="retry"');
    expect(html).not.toContain('id="local"');
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
  });
  it('in Docker mode, offers the server inside the app when Docker could not start', () => {
    const failed = { state: 'failed', reason: 'No Docker engine answers', logFile: 'main.log' } as const;
    expect(startPageHtml(failed, { offerLocalMode: true })).toContain(
      '<button id="local" type="button">Use the server inside the app instead</button>',
    );
    const starting = { state: 'starting', step: 'containers', detail: 'meeshy-postgres: created' } as const;
    const html = startPageHtml(starting, { offerLocalMode: true });
    expect(html).toContain('<progress max="1" value="0.2">');
    expect(html).not.toContain('id="local"');
  });
  it('shows progress while starting, without a retry button', () => {
    const html = startPageHtml(
      { state: 'starting', step: 'server', detail: 'Starting the chat server' },
      { offerLocalMode: false },
    );
    expect(html).toContain('<progress max="1" value="0.7">');
    expect(html).not.toContain('id="retry"');
  });
});

describe('the client page', () => {
  it('carries the local server origin, and nothing that is not one', () => {
    const html = '<!doctype html><html><head><title>x</title></head></html>';
    expect(withLocalServer(html, 'http://127.0.0.1:41234/')).toContain(
      '<head><meta name="meeshy-local-server" content="http://127.0.0.1:41234">',
    );
    expect(withLocalServer(html, '"><script>alert(1)</script>')).toBe(html);
    expect(withLocalServer(html, 'javascript:alert(1)')).toBe(html);
    expect(withLocalServer(html, undefined)).toBe(html);
  });
});
