import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SelfUser } from '../../contract/users.ts';
import { startFixtureHub } from '../../test-support/fixture-hub.ts';
import { startTestTranslator, type TestTranslator } from '../../test-support/test-translator.ts';
import { makeTempDir } from '../../test-support/temp-dir.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';
import { registerUser, type TestUser } from '../../test-support/users.ts';
import { GrpcTranslatorClient } from '../translation/translator-client.ts';
import { writeRootNoPastExport } from '../../test-support/root-export.ts';
import type { ModelInfo } from '../../contract/translations.ts';
import { join } from 'node:path';

describe('model management belongs to the server owner (issue 12, item 2)', () => {
  let hub: Awaited<ReturnType<typeof startFixtureHub>>;
  let translatorDir: string;
  let translator: TestTranslator;
  let t: TestApp;
  let owner: TestUser;
  let second: TestUser;
  beforeAll(async () => {
    hub = await startFixtureHub();
    translatorDir = makeTempDir('meeshy-translator-');
    translator = await startTestTranslator({ dataDir: translatorDir, hubUrl: hub.hub.url });
    t = await createTestApp({ translator: new GrpcTranslatorClient(translator.address) });
    await t.listen();
    owner = await registerUser(t.app);
    second = await registerUser(t.app);
  }, 120_000);
  afterAll(async () => {
    await t.close();
    await translator.close();
    await hub.dispose();
    fs.rmSync(translatorDir, { recursive: true, force: true });
  });

  const download = (user: TestUser, tier: string) =>
    fetch(`${t.baseUrl}/api/models/${tier}/download`, {
      method: 'POST',
      headers: { ...user.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ acceptLicense: true }),
    });
  const grant = (by: TestUser, to: TestUser, role: string) =>
    t.app.inject({ method: 'PUT', url: `/api/users/${to.id}/role`, headers: by.auth, payload: { role } });

  it('the first account is the owner; the others are members', () => {
    expect(owner.session.user.role).toBe('owner');
    expect(second.session.user.role).toBe('member');
  });

  it('a second account cannot accept a license or start a download, but still sees the models', async () => {
    const refused = await download(second, 'premium');
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    const models = await t.app.inject({ method: 'GET', url: '/api/models', headers: second.auth });
    expect(models.statusCode).toBe(200);
    expect(
      models.json<{ tier: string; state: string }[]>().find((model) => model.tier === 'premium')?.state,
    ).toBe('absent');
  });

  it('an operator named by the owner may manage models, and only the owner names operators', async () => {
    const third = await registerUser(t.app);
    expect((await grant(second, third, 'operator')).statusCode).toBe(403);
    expect((await grant(owner, owner, 'member')).statusCode).toBe(403);
    expect((await grant(owner, second, 'operator')).statusCode).toBe(204);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: second.auth });
    expect(me.json<SelfUser>().role).toBe('operator');
    expect((await download(second, 'basic')).status).toBe(202);
    // An operator still cannot name others.
    expect((await grant(second, third, 'operator')).statusCode).toBe(403);
    expect((await grant(owner, second, 'member')).statusCode).toBe(204);
    expect((await download(second, 'basic')).status).toBe(403);
  });
  it('the owner imports a model folder from this machine; nobody else, and never over the network', async () => {
    const folder = join(translatorDir, 'community-nllb');
    await writeRootNoPastExport(folder);
    const importFrom = (user: TestUser, path: string) =>
      fetch(`${t.baseUrl}/api/models/premium/import`, {
        method: 'POST',
        headers: { ...user.auth, 'content-type': 'application/json' },
        body: JSON.stringify({ folder: path }),
      });
    expect((await importFrom(second, folder)).status).toBe(403);
    const remote = await t.app.inject({
      method: 'POST',
      url: '/api/models/premium/import',
      headers: owner.auth,
      payload: { folder },
      remoteAddress: '203.0.113.5',
    });
    expect(remote.statusCode).toBe(403);
    expect(remote.json<{ error: { message: string } }>().error.message).toMatch(/machine running the server/);

    const broken = await importFrom(owner, join(translatorDir, 'nowhere'));
    expect(broken.status).toBe(400);
    expect(await broken.text()).toMatch(/nowhere is not a folder/);

    const imported = await importFrom(owner, folder);
    expect(imported.status).toBe(202);
    expect(await imported.json()).toMatchObject({
      tier: 'premium',
      source: 'imported',
      repo: 'community-nllb',
    });
    const models = await t.app.inject({ method: 'GET', url: '/api/models', headers: owner.auth });
    expect(models.json<ModelInfo[]>().find((model) => model.tier === 'premium')?.source).toBe('imported');
  });
});
