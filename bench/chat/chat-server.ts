import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AuthSession } from '../../contract/auth.ts';
import type { ConversationSummary } from '../../contract/conversations.ts';
import type * as AppModule from '../../server/app.ts';
import type * as RepositoryModule from '../../server/db/sqlite/repository.ts';
import type * as TranslatorModule from '../../server/translation/translator-client.ts';
import { DEFAULT_AUTH_SETTINGS, DEFAULT_REQUEST_LIMITS } from '../../server/settings.ts';
import type { RunningTarget, Shape, TargetReady } from './target-kinds.ts';

const PASSWORD = 'bench password 0123';

/** Where the server's modules come from: the TypeScript sources under tsx, or `npm run build`'s output. */
function serverModule(root: string, sourcePath: string): string {
  const file = fs.existsSync(path.join(root, sourcePath)) ? sourcePath : sourcePath.replace(/\.ts$/, '.js');
  return pathToFileURL(path.join(root, file)).href;
}

/**
 * The real chat server (`buildApp` over SQLite in `dataDir`, listening on loopback), with its users and
 * conversations created through its own API. `translatorAddress` gives it a translator client (one that
 * refuses, for the translator-down runs); without it there is no translator at all.
 */
export async function startChatServer(
  shape: Shape,
  dataDir: string,
  root: string,
  translatorAddress: string | null,
): Promise<RunningTarget> {
  const { buildApp } = (await import(serverModule(root, 'server/app.ts'))) as typeof AppModule;
  const { openSqliteRepository } = (await import(
    serverModule(root, 'server/db/sqlite/repository.ts')
  )) as typeof RepositoryModule;
  const { GrpcTranslatorClient } = (await import(
    serverModule(root, 'server/translation/translator-client.ts')
  )) as typeof TranslatorModule;
  const repository = openSqliteRepository(path.join(dataDir, 'meeshy.sqlite'));
  const translator = translatorAddress === null ? undefined : new GrpcTranslatorClient(translatorAddress);
  const { app } = await buildApp({
    repository,
    jwtSecret: 'bench-secret-that-is-long-enough-for-hs256-0123456789',
    environment: 'production',
    auth: { ...DEFAULT_AUTH_SETTINGS, scryptLogN: 10 },
    limits: { ...DEFAULT_REQUEST_LIMITS, authRequestsPerMinutePerIp: 1_000_000, sendsPerWindowPerUser: 1e9 },
    allowedOrigins: [],
    // As `npm run serve:server` logs by default, to a file: what logging costs is part of the measure.
    logger: { level: 'info', file: path.join(dataDir, 'server.log') },
    translator,
  });
  const inject = async <T>(url: string, payload: unknown, token?: string): Promise<T> => {
    const response = await app.inject({
      method: 'POST',
      url,
      payload: payload as Record<string, unknown>,
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });
    if (response.statusCode >= 300) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
    return response.json<T>();
  };

  const conversations: TargetReady['conversations'] = [];
  for (let c = 0; c < shape.conversations; c += 1) {
    const members: AuthSession[] = [];
    for (let m = 0; m < shape.members; m += 1) {
      const username = `u${c}x${m}`;
      members.push(
        await inject<AuthSession>('/api/auth/register', {
          username,
          email: `${username}@bench.test`,
          password: PASSWORD,
        }),
      );
    }
    const [creator, ...others] = members;
    if (creator === undefined) throw new Error('a conversation needs members');
    const conversation = await inject<ConversationSummary>(
      '/api/conversations',
      { type: 'group', title: `bench ${c}`, memberIds: others.map((member) => member.user.id) },
      creator.accessToken,
    );
    conversations.push({
      id: conversation.id,
      members: members.map((member) => ({ auth: { token: member.accessToken } })),
    });
  }
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    ready: { url: `http://127.0.0.1:${address.port}`, conversations },
    // What server/main.ts does on SIGINT/SIGTERM, so that the bench times a real shutdown.
    stop: async () => {
      await app.close();
      translator?.close();
      await repository.close();
    },
  };
}
