// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { selfUser } from '../../../../test-support/chat-data.ts';
import { useAuth } from '../auth/authStore.ts';
import type { ModelInfo } from '../../../../contract/translations.ts';
import { usePrefs } from '../settings/prefsStore.ts';
import { FirstRunView } from './FirstRunView.tsx';
import { isFirstRunPending } from './firstRun.ts';

const model = (tier: string, isDefault: boolean, license: string): ModelInfo => ({
  tier: tier as ModelInfo['tier'],
  repo: `example/${tier}`,
  source: 'hub',
  sizeBytes: 300_000_000,
  license,
  requiresConsent: false,
  state: 'absent',
  progress: null,
  error: null,
  isDefault,
});
vi.mock('../../app/services.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../app/services.ts')>()),
  translationApi: {
    models: () => Promise.resolve([model('basic', false, 'MIT'), model('medium', true, 'Apache-2.0')]),
    downloadModel: () => Promise.resolve({}),
  },
}));

beforeEach(() => {
  usePrefs.setState({ uiLanguage: 'en' });
  // The first run shows once signed in; in local mode the first account owns the server (and its models).
  useAuth.setState({
    session: {
      accessToken: 'a',
      refreshToken: 'r',
      expiresAt: Date.now() + 60_000,
      user: selfUser({ role: 'owner' }),
    },
  });
  localStorage.clear();
});
afterEach(() => {
  cleanup();
  delete (window as { meeshyDesktop?: unknown }).meeshyDesktop;
});

describe('the desktop first run', () => {
  it('is never pending in a browser, and pending once in the desktop app', () => {
    expect(isFirstRunPending()).toBe(false);
    (window as { meeshyDesktop?: unknown }).meeshyDesktop = {};
    expect(isFirstRunPending()).toBe(true);
    let done = false;
    render(
      <FirstRunView
        onDone={() => {
          done = true;
        }}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Skip for now' }));
    expect(done).toBe(true);
    expect(isFirstRunPending()).toBe(false);
  });

  it('shows the default model alone, with its size, license and download button', async () => {
    render(<FirstRunView onDone={() => undefined} />);
    expect(await screen.findByText('License: Apache-2.0')).toBeTruthy();
    expect(screen.queryByText('License: MIT')).toBeNull();
    expect(screen.getByText('Size on disk: 300 MB')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Download' })).toBeTruthy();
  });
});
