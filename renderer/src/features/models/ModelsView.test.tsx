// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ModelInfo } from '../../../../contract/translations.ts';
import type { ServerRole } from '../../../../contract/users.ts';
import { usePrefs } from '../settings/prefsStore.ts';
import { ModelsView } from './ModelsView.tsx';

const basic: ModelInfo = {
  tier: 'basic',
  repo: 'Helsinki-NLP/opus-mt',
  sizeBytes: 300_000_000,
  license: 'Apache-2.0',
  requiresConsent: false,
  state: 'absent',
  progress: null,
  error: null,
  isDefault: false,
  source: 'hub',
};

vi.mock('../../app/services.ts', () => ({
  translationApi: { models: () => Promise.resolve([basic]), downloadModel: vi.fn() },
}));

let role: ServerRole = 'member';
vi.mock('../auth/authStore.ts', () => ({
  useAuth: (select: (state: { session: { user: { role: ServerRole } } }) => unknown) =>
    select({ session: { user: { role } } }),
}));

beforeEach(() => {
  usePrefs.setState({ uiLanguage: 'en' });
});
afterEach(cleanup);

describe('ModelsView: model management is for the owner and operators (issue 12, item 2)', () => {
  it.each(['owner', 'operator'] as const)('offers Download to the %s', async (managerRole) => {
    role = managerRole;
    render(<ModelsView />);
    expect(await screen.findByRole('button', { name: 'Download' })).toBeTruthy();
    expect(screen.queryByText(/Only the server's owner/)).toBeNull();
  });

  it('shows a member the models and why they cannot download them', async () => {
    role = 'member';
    render(<ModelsView />);
    expect(await screen.findByText(/Only the server's owner or an operator/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Download' })).toBeNull();
    expect(screen.getByText('Not downloaded')).toBeTruthy();
  });
});
