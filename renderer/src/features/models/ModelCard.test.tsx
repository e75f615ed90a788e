// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ModelInfo } from '../../../../contract/translations.ts';
import { usePrefs } from '../settings/prefsStore.ts';
import { ModelCard } from './ModelCard.tsx';

const downloadModel = vi.fn((_tier: string, _accept: boolean) => Promise.resolve({}));
const importModel = vi.fn((_tier: string, _folder: string) => Promise.resolve({}));
vi.mock('../../app/services.ts', () => ({
  translationApi: {
    downloadModel: (tier: string, accept: boolean) => downloadModel(tier, accept),
    importModel: (tier: string, folder: string) => importModel(tier, folder),
  },
}));

const nllb: ModelInfo = {
  tier: 'medium',
  repo: 'facebook/nllb-200-distilled-600M',
  source: 'hub',
  sizeBytes: 2_460_000_000,
  license: 'CC-BY-NC-4.0',
  requiresConsent: true,
  state: 'absent',
  progress: null,
  error: null,
  isDefault: true,
};

beforeEach(() => {
  usePrefs.setState({ uiLanguage: 'en' });
  downloadModel.mockClear();
});
afterEach(cleanup);

describe('ModelCard', () => {
  it('shows size and license, and asks before downloading a non-commercial model', () => {
    render(<ModelCard model={nllb} progress={undefined} />);
    expect(screen.getByText('Size on disk: 2.5 GB')).toBeTruthy();
    expect(screen.getByText('License: CC-BY-NC-4.0')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Download' }));
    expect(downloadModel).not.toHaveBeenCalled();
    expect(screen.getByRole('alertdialog').textContent).toContain('CC-BY-NC-4.0 (non-commercial use)');

    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(downloadModel).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: 'Download' }));
    fireEvent.click(screen.getByRole('button', { name: 'Accept and download' }));
    expect(downloadModel).toHaveBeenCalledWith('medium', true);
  });

  it('downloads a freely licensed model without asking', () => {
    render(
      <ModelCard
        model={{ ...nllb, tier: 'basic', license: 'Apache-2.0', requiresConsent: false }}
        progress={undefined}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Download' }));
    expect(downloadModel).toHaveBeenCalledWith('basic', false);
  });

  it('shows download progress from the live events', () => {
    render(
      <ModelCard
        model={nllb}
        progress={{ tier: 'medium', state: 'downloading', progress: 0.42, bytesDone: 1, bytesTotal: 2 }}
      />,
    );
    const bar = screen.getByRole('progressbar');
    expect(bar.getAttribute('value')).toBe('0.42');
    expect(screen.getByText('Downloading')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Download' })).toBeNull();
  });

  it('an unpinned tier offers no download and says how to provide a model', () => {
    render(
      <ModelCard model={{ ...nllb, tier: 'premium', repo: '', source: 'unpinned' }} progress={undefined} />,
    );
    expect(screen.queryByRole('button', { name: 'Download' })).toBeNull();
    const text = document.body.textContent;
    expect(text).toContain('No export of this model is pinned yet');
    expect(text).toContain('PREMIUM_MODEL=owner/name@commit');
    expect(text).toContain('npm run models -- import premium <folder>');
  });

  it('the owner imports a folder into a tier; others see no import form', () => {
    const premium: ModelInfo = { ...nllb, tier: 'premium', repo: '', source: 'unpinned' };
    const { unmount } = render(<ModelCard model={premium} progress={undefined} />);
    expect(screen.queryByRole('button', { name: 'Import' })).toBeNull();
    unmount();
    render(<ModelCard model={premium} progress={undefined} canImport />);
    fireEvent.change(screen.getByLabelText('Folder of a model on this computer'), {
      target: { value: ' /home/me/nllb-1.3b-onnx ' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect(importModel).toHaveBeenCalledWith('premium', '/home/me/nllb-1.3b-onnx');
  });
});
