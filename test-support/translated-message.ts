import { randomUUID } from 'node:crypto';
import type { ConversationDetail } from '../contract/conversations.ts';
import type { MessagePage } from '../contract/messages.ts';
import { api } from './http-client.ts';
import { registerOverHttp } from './users.ts';
import { waitUntil } from './wait-until.ts';

/**
 * Over a running server's HTTP API: registers an English and a French speaker (unique names), has the first send
 * `text` to the second in a direct conversation, and resolves with its French translation once the second reads
 * it, polling every `pollMs` for up to `timeoutMs`.
 */
export async function translatedMessage(
  url: string,
  text: string,
  { pollMs = 200, timeoutMs = 60_000 }: { pollMs?: number; timeoutMs?: number } = {},
): Promise<string> {
  const suffix = randomUUID().slice(0, 8);
  const en = await registerOverHttp(url, `english${suffix}`, { systemLanguage: 'en' });
  const fr = await registerOverHttp(url, `french${suffix}`, { systemLanguage: 'fr' });
  const conversation = await api<ConversationDetail>(
    `${url}/api/conversations`,
    'POST',
    { type: 'direct', memberIds: [fr.user.id] },
    en.accessToken,
  );
  await api(
    `${url}/api/conversations/${conversation.id}/messages`,
    'POST',
    { clientMessageId: randomUUID(), content: text, originalLanguage: 'en' },
    en.accessToken,
  );
  return waitUntil(
    async () => {
      const page = await api<MessagePage>(
        `${url}/api/conversations/${conversation.id}/messages`,
        'GET',
        undefined,
        fr.accessToken,
      );
      return page.messages[0]?.translations[0]?.content;
    },
    { what: `the French translation of "${text}"`, timeoutMs, intervalMs: pollMs },
  );
}
