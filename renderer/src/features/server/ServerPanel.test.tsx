// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DesktopBridge, ServerMode } from '../../../../contract/desktop-bridge.ts';
import { usePrefs } from '../settings/prefsStore.ts';
import { ServerPanel } from './ServerPanel.tsx';
import { withReloadIgnored } from './withReloadIgnored.ts';

/** What the desktop app's preload exposes, as far as this screen uses it: records the modes it is told. */
function installBridge(): ServerMode[] {
  const told: ServerMode[] = [];
  const bridge: Partial<DesktopBridge> = {
    serverMode: () => Promise.resolve({ kind: 'local' }),
    setServerMode: (mode) => {
      told.push(mode);
      return Promise.resolve();
    },
    dockerState: () => Promise.resolve({ engine: { state: 'unknown' }, data: [], bundled: [] }),
    on: () => () => undefined,
  };
  (window as { meeshyDesktop?: Partial<DesktopBridge> }).meeshyDesktop = bridge;
  return told;
}

beforeEach(() => {
  usePrefs.setState({ uiLanguage: 'en' });
});
afterEach(() => {
  cleanup();
  delete (window as { meeshyDesktop?: unknown }).meeshyDesktop;
});

describe('the Server screen', () => {
  it('in a browser, offers the page origin or a self-hosted server, as before', () => {
    render(<ServerPanel />);
    expect(screen.getByLabelText('The server this page comes from')).toBeTruthy();
    expect(screen.getByLabelText('Another server (self-hosted)')).toBeTruthy();
    expect(screen.queryByLabelText('Docker on this device')).toBeNull();
  });

  it('in the desktop app, offers local (default), remote, and Docker with its own section', async () => {
    installBridge();
    render(<ServerPanel />);
    const local = screen.getByLabelText<HTMLInputElement>(/This device/);
    expect(local.checked).toBe(true);
    fireEvent.click(screen.getByLabelText('Docker on this device'));
    expect(await screen.findByText('Asking the Docker engine…')).toBeTruthy();
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Use this server' }).disabled).toBe(false);
  });

  it.each([
    ['local', /This device/, { kind: 'local' }],
    ['Docker', /Docker on this device/, { kind: 'docker' }],
  ] as const)('in the desktop app, remembers %s mode through the bridge', async (_name, label, expected) => {
    const told = installBridge();
    await withReloadIgnored(async () => {
      render(<ServerPanel />);
      fireEvent.click(screen.getByLabelText(label));
      fireEvent.click(screen.getByRole('button', { name: 'Use this server' }));
      await screen.findByRole('button', { name: 'Use this server' });
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(told).toEqual([expected]);
    });
  });
});
