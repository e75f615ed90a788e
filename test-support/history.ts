import type { MessagePage } from '../contract/messages.ts';
import { api } from './http-client.ts';

/** A conversation's whole history over HTTP, oldest first, page after page. */
export async function allMessages(url: string, token: string, conversationId: string) {
  const pages: MessagePage['messages'][] = [];
  let before: number | null = null;
  do {
    const query: string = before === null ? '?limit=100' : `?limit=100&before=${before}`;
    const page: MessagePage = await api(
      `${url}/api/conversations/${conversationId}/messages${query}`,
      'GET',
      undefined,
      token,
    );
    pages.unshift(page.messages);
    before = page.nextCursor;
  } while (before !== null);
  return pages.flat();
}
