import type { DeviceTranslationRequest, DeviceTranslationResult } from '../contract/desktop-bridge.ts';
import { waitUntil } from './wait-until.ts';

/**
 * Asks this device's translator until it answers for good: the first request starts the model's download
 * and load, and until then the answer is "busy". Any other answer is given back as it is.
 */
export async function translateOnceReady(
  translate: (request: DeviceTranslationRequest) => Promise<DeviceTranslationResult>,
  request: DeviceTranslationRequest,
  timeoutMs = 120_000,
): Promise<DeviceTranslationResult> {
  let last: DeviceTranslationResult | undefined;
  return waitUntil(
    async () => {
      last = await translate(request);
      return last.ok || last.reason !== 'busy' ? last : undefined;
    },
    {
      what: `this device's translator to translate into ${request.targetLanguage} (not busy)`,
      timeoutMs,
      intervalMs: 500,
      lastSeen: () => JSON.stringify(last),
    },
  );
}
