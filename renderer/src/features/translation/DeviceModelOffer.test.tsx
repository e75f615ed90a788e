// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { DesktopBridge, DeviceTranslationRequest } from '../../../../contract/desktop-bridge.ts';
import type { ModelInfo } from '../../../../contract/translations.ts';
import { message } from '../../../../test-support/chat-data.ts';
import { DeviceModelOffer } from './DeviceModelOffer.tsx';
import { useDeviceModelWaiters } from './deviceModelWaiters.ts';
import { useTranslations } from './translationStore.ts';

const ABSENT: ModelInfo = {
  tier: 'medium',
  repo: 'Xenova/nllb-200-distilled-600M',
  source: 'hub',
  sizeBytes: 1_200_000_000,
  license: 'CC-BY-NC-4.0',
  requiresConsent: true,
  state: 'absent',
  progress: null,
  error: null,
  isDefault: true,
};

/** A device whose model the test moves from state to state; a download with consent starts it. */
function deviceBridge() {
  const downloads: boolean[] = [];
  const translated: DeviceTranslationRequest[] = [];
  let current: ModelInfo | null = ABSENT;
  let reads = 0;
  const bridge: Partial<DesktopBridge> = {
    deviceModel: () => {
      reads += 1;
      return Promise.resolve(current);
    },
    downloadDeviceModel: (acceptLicense) => {
      downloads.push(acceptLicense);
      current = { ...ABSENT, state: 'downloading', progress: 0.5 };
      return Promise.resolve({ ok: true, model: current });
    },
    translateOnDevice: (request) => {
      translated.push(request);
      return Promise.resolve({
        ok: true,
        text: 'bonjour',
        sourceLanguage: 'en',
        model: ABSENT.repo,
        tier: 'medium',
      });
    },
  };
  (window as { meeshyDesktop?: unknown }).meeshyDesktop = bridge;
  return {
    downloads,
    translated,
    reads: () => reads,
    set: (state: ModelInfo['state']) => {
      current = { ...ABSENT, state };
    },
    /** The device's translator is down (restarting): its model is unknown. */
    down: () => {
      current = null;
    },
  };
}

afterEach(() => {
  cleanup();
  delete (window as { meeshyDesktop?: unknown }).meeshyDesktop;
  useDeviceModelWaiters.setState({ waiting: {} });
  useTranslations.setState({ entries: {} });
});

describe("the offer of this device's model (desktop app, server without translation)", () => {
  it('shows nothing while no message waits for the model', async () => {
    deviceBridge();
    const { container } = render(<DeviceModelOffer pollMs={5} />);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(container.innerHTML).toBe('');
  });

  it('reads the model once while the offer is not taken, without polling it', async () => {
    const device = deviceBridge();
    useDeviceModelWaiters
      .getState()
      .wait(message('c1', 1, { content: 'hello', originalLanguage: 'en' }), 'fr');
    render(<DeviceModelOffer pollMs={5} />);
    await screen.findByText('License: CC-BY-NC-4.0');
    // Forty polling intervals.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(device.reads()).toBe(1);
  });

  it('asks again while the device translator is down, and makes the offer once it answers', async () => {
    const device = deviceBridge();
    device.down();
    useDeviceModelWaiters
      .getState()
      .wait(message('c1', 1, { content: 'hello', originalLanguage: 'en' }), 'fr');
    const { container } = render(<DeviceModelOffer pollMs={5} />);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(container.innerHTML).toBe('');
    device.set('absent');
    await screen.findByText('License: CC-BY-NC-4.0');
  });

  it('downloads only after the license is accepted, shows progress, then translates the waiting message', async () => {
    const device = deviceBridge();
    const hello = message('c1', 1, { content: 'hello', originalLanguage: 'en' });
    useDeviceModelWaiters.getState().wait(hello, 'fr');
    useTranslations.getState().applyFailure({
      messageId: hello.id,
      conversationId: hello.conversationId,
      targetLanguage: 'fr',
      code: 'MODEL_NOT_READY',
      message: 'not downloaded',
    });
    render(<DeviceModelOffer pollMs={5} />);
    await screen.findByText('License: CC-BY-NC-4.0');

    fireEvent.click(screen.getByRole('button', { name: 'Download' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(device.downloads).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Download' }));
    fireEvent.click(screen.getByRole('button', { name: 'Accept and download' }));
    await waitFor(() => {
      expect(device.downloads).toEqual([true]);
    });
    await screen.findByRole('progressbar');
    expect(device.translated).toEqual([]);
    device.set('ready');
    await waitFor(() => {
      expect(useTranslations.getState().entries[hello.id]?.['fr']).toMatchObject({
        status: 'translated',
        content: 'bonjour',
      });
    });
    expect(device.translated).toHaveLength(1);
    expect(screen.queryByText('License: CC-BY-NC-4.0')).toBeNull();
  });
});
