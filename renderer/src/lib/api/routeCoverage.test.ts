import { expect, it } from 'vitest';
import type { RouteSpec } from '../../../../contract/route-spec.ts';
import { routes } from '../../../../contract/routes.ts';
import { createTranslationClient } from '../../features/translation/translationClient.ts';
import { createJoinApi } from '../../features/join/joinApi.ts';
import type { HttpClient } from './httpClient.ts';
import { createMeeshyApi } from './meeshyApi.ts';

/**
 * Routes the client reaches another way, on purpose: messages go out on the socket (`message:send`), which the
 * outbox retries with the same client id; the REST route serves other clients. Attachments carry bytes, not
 * JSON: features/attachments/attachmentTransfer.ts uploads (with progress) and downloads them from the same entries.
 */
const NOT_CALLED_OVER_HTTP: readonly (keyof typeof routes)[] = [
  'sendMessage',
  'uploadAttachment',
  'attachmentFile',
  'attachmentThumbnail',
];

it('the client has a call for every route of contract/routes.ts', async () => {
  const called = new Set<RouteSpec>();
  const recorder: HttpClient = {
    call: (route: RouteSpec) => {
      called.add(route);
      // An empty answer: the calls that read a field of theirs get undefined instead of failing.
      return Promise.resolve({} as never);
    },
  };
  const calls = {
    ...createMeeshyApi(recorder),
    ...createTranslationClient(recorder),
    ...createJoinApi(recorder),
  };
  for (const call of Object.values(calls)) {
    await (call as (...args: string[]) => Promise<unknown>)('a', 'b', 'c');
  }
  const missing = Object.entries(routes)
    .filter(([name, route]) => !called.has(route) && !(NOT_CALLED_OVER_HTTP as string[]).includes(name))
    .map(([name]) => name);
  expect(missing).toEqual([]);
});
