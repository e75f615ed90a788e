import type { DeviceTranslationResult } from '../../../../contract/desktop-bridge.ts';
import type { MessageDto } from '../../../../contract/messages.ts';
import { desktopBridge } from '../../lib/desktopBridge.ts';
import { useDeviceModelWaiters } from './deviceModelWaiters.ts';
import { baseLanguage } from './displayLanguage.ts';
import { useTranslations } from './translationStore.ts';

/** While the device's translator starts or its model loads, it answers "busy": retry. */
const RETRIES_WHILE_LOADING = 20;
const RETRY_DELAY_MS = 3_000;

const stillLoading = (result: DeviceTranslationResult) => !result.ok && result.reason === 'busy';

/** One at a time: the device's translator works through one message after another anyway. */
let queue: Promise<unknown> = Promise.resolve();

/** Whether this client can translate on its own device (the desktop app; never a browser). */
export function canTranslateOnDevice(): boolean {
  return desktopBridge() !== undefined;
}

/**
 * Translates a message with the translator of this device, for a server that does not translate for this
 * reader (the desktop app's remote mode): "translating…" meanwhile, then the translation or the failure,
 * in the same store the server's translations go to. Resolves once it has settled.
 */
export function translateOnDevice(
  message: MessageDto,
  targetLanguage: string,
  retryDelayMs = RETRY_DELAY_MS,
): Promise<void> {
  const bridge = desktopBridge();
  if (bridge === undefined || message.content === '') return Promise.resolve();
  const store = useTranslations.getState();
  if (store.entries[message.id]?.[baseLanguage(targetLanguage)] !== undefined) return Promise.resolve();
  store.markPending(message.id, targetLanguage, null);
  const request = {
    messageId: message.id,
    text: message.content,
    sourceLanguage: message.originalLanguage,
    targetLanguage,
  };
  const run = async () => {
    let result = await bridge.translateOnDevice(request);
    for (let attempt = 0; attempt < RETRIES_WHILE_LOADING && stillLoading(result); attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
      result = await bridge.translateOnDevice(request);
    }
    if (result.ok) {
      useTranslations.getState().applyTranslation({
        messageId: message.id,
        conversationId: message.conversationId,
        sourceLanguage: result.sourceLanguage,
        targetLanguage,
        content: result.text,
        tier: result.tier,
        model: result.model,
        confidence: null,
        createdAt: new Date().toISOString(),
      });
    } else {
      // Without its model the device cannot translate: the page offers the download, then comes back.
      if (result.reason === 'needs-model') useDeviceModelWaiters.getState().wait(message, targetLanguage);
      useTranslations.getState().applyFailure({
        messageId: message.id,
        conversationId: message.conversationId,
        targetLanguage,
        code: result.reason === 'failed' ? 'TRANSLATION_FAILED' : 'MODEL_NOT_READY',
        message: result.error,
      });
    }
  };
  const settled = queue.then(run, run);
  queue = settled.catch(() => undefined);
  return settled;
}
