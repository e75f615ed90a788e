// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import type {
  DesktopBridge,
  DeviceTranslationRequest,
  DeviceTranslationResult,
} from '../../../../contract/desktop-bridge.ts';
import { message } from '../../../../test-support/chat-data.ts';
import { canTranslateOnDevice, translateOnDevice } from './onDeviceTranslation.ts';
import { useDeviceModelWaiters } from './deviceModelWaiters.ts';
import { useTranslations } from './translationStore.ts';

/** A desktop bridge whose device translator answers from a script, one answer per call. */
function bridgeAnswering(answers: DeviceTranslationResult[]) {
  const calls: DeviceTranslationRequest[] = [];
  const bridge: Partial<DesktopBridge> = {
    translateOnDevice: (request) => {
      calls.push(request);
      return Promise.resolve(
        answers.shift() ?? { ok: false, error: 'no more answers', reason: 'failed' as const },
      );
    },
  };
  (window as { meeshyDesktop?: unknown }).meeshyDesktop = bridge;
  return calls;
}

afterEach(() => {
  delete (window as { meeshyDesktop?: unknown }).meeshyDesktop;
  useTranslations.setState({ entries: {} });
});

describe('translation on this device (desktop app, server without translation)', () => {
  it('is not offered in a browser', async () => {
    expect(canTranslateOnDevice()).toBe(false);
    await translateOnDevice(message('c1', 1), 'fr');
    expect(useTranslations.getState().entries).toEqual({});
  });

  it('shows "translating…", waits while the model loads, then stores the translation', async () => {
    const calls = bridgeAnswering([
      { ok: false, error: 'no model that can translate en→fr is ready (loading)', reason: 'busy' as const },
      { ok: true, text: 'bonjour', sourceLanguage: 'en', model: 'nllb', tier: 'medium' },
    ]);
    const hello = message('c1', 1, { content: 'hello', originalLanguage: 'en' });
    const done = translateOnDevice(hello, 'fr', 5);
    expect(useTranslations.getState().entries[hello.id]?.['fr']).toEqual({ status: 'pending', tier: null });
    await done;
    expect(calls).toEqual([
      { messageId: hello.id, text: 'hello', sourceLanguage: 'en', targetLanguage: 'fr' },
      { messageId: hello.id, text: 'hello', sourceLanguage: 'en', targetLanguage: 'fr' },
    ]);
    expect(useTranslations.getState().entries[hello.id]?.['fr']).toMatchObject({
      status: 'translated',
      content: 'bonjour',
      sourceLanguage: 'en',
      tier: 'medium',
    });
    // Already there: not asked again.
    await translateOnDevice(hello, 'fr', 5);
    expect(calls).toHaveLength(2);
  });

  it('records a failure that is not about loading at once, and works through messages one by one', async () => {
    const calls = bridgeAnswering([
      { ok: false, error: 'the model is unavailable: its file is corrupted', reason: 'failed' as const },
      { ok: true, text: 'hola', sourceLanguage: 'en', model: 'nllb', tier: 'medium' },
    ]);
    const first = message('c1', 2, { content: 'odd' });
    const second = message('c1', 3, { content: 'hello' });
    await Promise.all([translateOnDevice(first, 'xx', 5), translateOnDevice(second, 'es', 5)]);
    expect(calls.map((c) => c.messageId)).toEqual([first.id, second.id]);
    expect(useTranslations.getState().entries[first.id]?.['xx']).toEqual({
      status: 'failed',
      error: 'the model is unavailable: its file is corrupted',
    });
    expect(useTranslations.getState().entries[second.id]?.['es']).toMatchObject({ content: 'hola' });
  });

  it('keeps a message that needs the model aside until it is downloaded, and fails it meanwhile', async () => {
    bridgeAnswering([{ ok: false, error: 'the medium model is not downloaded', reason: 'needs-model' }]);
    const hello = message('c1', 4, { content: 'hello', originalLanguage: 'en' });
    await translateOnDevice(hello, 'fr', 5);
    expect(useTranslations.getState().entries[hello.id]?.['fr']).toMatchObject({ status: 'failed' });
    expect(useDeviceModelWaiters.getState().take()).toEqual([{ message: hello, targetLanguage: 'fr' }]);
    expect(useDeviceModelWaiters.getState().waiting).toEqual({});
  });
});
