import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationDetail } from '../../contract/conversations.ts';
import type { MessagePage } from '../../contract/messages.ts';
import { startFixtureHub } from '../../test-support/fixture-hub.ts';
import { api } from '../../test-support/http-client.ts';
import { type ServerProcess, startServerProcess } from '../../test-support/server-process.ts';
import { makeTempDir, sleep } from '../../test-support/temp-dir.ts';
import { startTestTranslator, type TestTranslator } from '../../test-support/test-translator.ts';
import { registerOverHttp, signInOverHttp } from '../../test-support/users.ts';

describe('pending translations survive restarts', () => {
  let hub: Awaited<ReturnType<typeof startFixtureHub>>;
  const dirs: string[] = [];
  const dir = (prefix: string) => {
    const created = makeTempDir(prefix);
    dirs.push(created);
    return created;
  };
  beforeAll(async () => {
    hub = await startFixtureHub();
  });
  afterAll(async () => {
    await hub.dispose();
    for (const created of dirs) fs.rmSync(created, { recursive: true, force: true });
  });

  it('the server killed with SIGKILL while jobs are pending completes them after its restart', async () => {
    const translatorDir = dir('meeshy-restart-translator-');
    // Start once to learn a free port and download the models, then stop: the translator is down.
    let translator: TestTranslator | undefined = await startTestTranslator({
      dataDir: translatorDir,
      hubUrl: hub.hub.url,
    });
    const port = translator.port;
    await translator.close();
    translator = undefined;

    const serverDir = dir('meeshy-restart-server-');
    const args = ['--translator', `127.0.0.1:${port}`];
    let server: ServerProcess | undefined = await startServerProcess(serverDir, args);
    try {
      const en = await registerOverHttp(server.url, 'english', { systemLanguage: 'en' });
      const fr = await registerOverHttp(server.url, 'french', { systemLanguage: 'fr' });
      const conversation = await api<ConversationDetail>(
        `${server.url}/api/conversations`,
        'POST',
        { type: 'direct', memberIds: [fr.user.id] },
        en.accessToken,
      );
      const texts = ['the cat', 'hello my friend', 'the house is big', 'thanks'];
      for (const content of texts) {
        await api(
          `${server.url}/api/conversations/${conversation.id}/messages`,
          'POST',
          { clientMessageId: randomUUID(), content, originalLanguage: 'en' },
          en.accessToken,
        );
      }
      server.kill('SIGKILL');
      await server.exited;
      server = undefined;

      translator = await startTestTranslator({ dataDir: translatorDir, hubUrl: hub.hub.url, port });
      server = await startServerProcess(serverDir, args);
      const login = await signInOverHttp(server.url, 'french');
      let messages: MessagePage['messages'] = [];
      for (let attempt = 0; attempt < 100; attempt += 1) {
        messages = (
          await api<MessagePage>(
            `${server.url}/api/conversations/${conversation.id}/messages`,
            'GET',
            undefined,
            login.accessToken,
          )
        ).messages;
        if (messages.every((message) => message.translations.length > 0)) break;
        await sleep(200);
      }
      expect(
        messages.map((message) => message.translations.map((x) => [x.targetLanguage, x.content])),
      ).toEqual([
        [['fr', 'le chat']],
        [['fr', 'bonjour mon ami']],
        [['fr', 'le maison est grand']],
        [['fr', 'merci']],
      ]);
    } finally {
      server?.kill('SIGKILL');
      await translator?.close();
    }
  });
});
