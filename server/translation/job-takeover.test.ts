import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { MessagePage } from '../../contract/messages.ts';
import type { ChatRepository } from '../db/repository.ts';
import { openSqliteRepository } from '../db/sqlite/repository.ts';
import { describeWithPostgres } from '../../test-support/postgres.ts';
import { useSharedTestDatabase } from '../../test-support/shared-database.ts';
import { makeTempDir, sleep } from '../../test-support/temp-dir.ts';
import { waitUntil } from '../../test-support/wait-until.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';
import { useSuiteTranslator } from '../../test-support/test-translator.ts';
import { registerUser, type TestUser } from '../../test-support/users.ts';
import { GrpcTranslatorClient } from './translator-client.ts';

// A replica that claimed translation jobs and died leaves them claimed: the others must take them over
// once its lease has run out, and not before (a live replica's jobs are never translated twice).

const suite = useSuiteTranslator(['medium']);

const apps: TestApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

/** A French message to an English reader, stored by a server without a translator: its job waits. */
async function storeMessageAwaitingTranslation(app: TestApp) {
  const [amelie, bob] = [
    await registerUser(app.app, { systemLanguage: 'fr' }),
    await registerUser(app.app, { systemLanguage: 'en' }),
  ];
  const created = await app.app.inject({
    method: 'POST',
    url: '/api/conversations',
    headers: amelie.auth,
    payload: { type: 'direct', memberIds: [bob.id] },
  });
  const conversationId = created.json<{ id: string }>().id;
  const sent = await app.app.inject({
    method: 'POST',
    url: `/api/conversations/${conversationId}/messages`,
    headers: amelie.auth,
    payload: { content: 'le chat boit eau', originalLanguage: 'fr', clientMessageId: randomUUID() },
  });
  expect(sent.statusCode).toBe(201);
  return { bob, conversationId };
}

/** The replica that died: it claimed every due job until `leaseUntil`, then was gone. */
async function claimAsDeadReplica(connection: ChatRepository, leaseUntil: number) {
  const claimed = await connection.claimTranslationJobs({
    owner: 'replica-that-died',
    now: new Date().toISOString(),
    leaseUntil: new Date(leaseUntil).toISOString(),
    limit: 100,
    exclude: [],
  });
  await connection.close();
  return claimed;
}

/** Waits for Bob's English translation; returns when it was first seen, and the translations then stored. */
async function translationArrival(app: TestApp, bob: TestUser, conversationId: string) {
  return waitUntil(
    async () => {
      const page = (
        await app.app.inject({
          method: 'GET',
          url: `/api/conversations/${conversationId}/messages`,
          headers: bob.auth,
        })
      ).json<MessagePage>();
      const translations = page.messages[0]?.translations ?? [];
      return translations.length > 0 ? { at: Date.now(), translations } : undefined;
    },
    { what: "Bob's English translation", timeoutMs: 30_000 },
  );
}

describeWithPostgres('translation jobs of a replica that died', () => {
  const sharedDatabase = useSharedTestDatabase();

  it('are taken over by another replica once their lease has run out, and not before', async () => {
    const database = await sharedDatabase();
    const withoutTranslator = await createTestApp({ repository: await database.openConnection() });
    apps.push(withoutTranslator);
    const { bob, conversationId } = await storeMessageAwaitingTranslation(withoutTranslator);
    const leaseUntil = Date.now() + 3000;
    expect(await claimAsDeadReplica(await database.openConnection(), leaseUntil)).toHaveLength(1);

    const survivor = await createTestApp({
      repository: await database.openConnection(),
      translator: new GrpcTranslatorClient(suite.translator.address),
    });
    apps.push(survivor);
    const arrival = await translationArrival(survivor, bob, conversationId);
    expect(arrival.at).toBeGreaterThanOrEqual(leaseUntil);
    expect(
      arrival.translations.map((translation) => [translation.targetLanguage, translation.content]),
    ).toEqual([['en', 'the cat drinks water']]);
    await sleep(700);
    expect(await survivor.services.repository.countTranslationJobs()).toBe(0);
  });
});

describe('translation jobs claimed by an earlier run of a server alone on its SQLite file', () => {
  it('are released at its start instead of waiting out their lease', async () => {
    const dir = makeTempDir('meeshy-alone-');
    const file = path.join(dir, 'meeshy.sqlite');
    try {
      const first = await createTestApp({ repository: openSqliteRepository(file) });
      const { bob, conversationId } = await storeMessageAwaitingTranslation(first);
      // The earlier run died holding the job for an hour; the data-folder lock says no one else is here.
      await claimAsDeadReplica(openSqliteRepository(file), Date.now() + 3_600_000);
      await first.close();

      const restarted = await createTestApp({
        repository: openSqliteRepository(file),
        translator: new GrpcTranslatorClient(suite.translator.address),
      });
      apps.push(restarted);
      const arrival = await translationArrival(restarted, bob, conversationId);
      expect(arrival.translations.map((translation) => translation.content)).toEqual([
        'the cat drinks water',
      ]);
    } finally {
      for (const app of apps.splice(0)) await app.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
