import { z } from 'zod';
import type { MessageNotice } from '../contract/desktop-bridge.ts';

const noticeSchema: z.ZodType<MessageNotice> = z
  .object({
    conversationId: z.string().min(1).max(64),
    title: z.string().max(200),
    body: z.string().max(2_000),
    fromSelf: z.boolean(),
    conversationMuted: z.boolean(),
  })
  .strict();

/** A notification the page asks for, checked (the page is not trusted with the notification's size or shape). */
export function parseNotice(value: unknown): MessageNotice {
  return noticeSchema.parse(value);
}
