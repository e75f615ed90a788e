import { z } from 'zod';
import type { DeviceTranslationRequest } from '../contract/desktop-bridge.ts';

const languageCode = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/);

const requestSchema: z.ZodType<DeviceTranslationRequest> = z
  .object({
    messageId: z.string().min(1).max(64),
    text: z.string().min(1).max(10_000),
    sourceLanguage: languageCode.nullable(),
    targetLanguage: languageCode,
  })
  .strict();

/** A translation the page asks this device for, checked: the page is not trusted with its size or shape. */
export function parseDeviceTranslationRequest(value: unknown): DeviceTranslationRequest {
  return requestSchema.parse(value);
}
