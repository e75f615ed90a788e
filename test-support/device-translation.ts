import type { DeviceTranslationRequest, DeviceTranslationResult } from '../contract/desktop-bridge.ts';
import { sleep } from './temp-dir.ts';

/**
 * Asks this device's translator until it answers for good: the first request starts the model's download
 * and load, and until then the answer is "busy". Gives the last answer after `timeoutMs`.
 */
export async function translateOnceReady(
  translate: (request: DeviceTranslationRequest) => Promise<DeviceTranslationResult>,
  request: DeviceTranslationRequest,
  timeoutMs = 120_000,
): Promise<DeviceTranslationResult> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await translate(request);
    if (result.ok || result.reason !== 'busy' || Date.now() > deadline) return result;
    await sleep(500);
  }
}
