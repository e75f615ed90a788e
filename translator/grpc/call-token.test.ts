import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTranslationProto } from '../../proto/load.ts';
import { GrpcTranslatorClient } from '../../server/translation/translator-client.ts';
import { startFixtureHub } from '../../test-support/fixture-hub.ts';
import { startTestTranslator, type TestTranslator } from '../../test-support/test-translator.ts';

type Callback = (error: grpc.ServiceError | null, value?: unknown) => void;
type BareClient = grpc.Client &
  Record<string, (request: object, metadata: grpc.Metadata, done: Callback) => void>;

describe('the translator serves only the server that launched it (issue 12, item 4)', () => {
  const token = 'per-launch-token-0123456789abcdef';
  let hub: Awaited<ReturnType<typeof startFixtureHub>>;
  let dataDir: string;
  let translator: TestTranslator;
  beforeAll(async () => {
    hub = await startFixtureHub();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'meeshy-token-'));
    translator = await startTestTranslator({
      dataDir,
      hubUrl: hub.hub.url,
      prepare: ['medium'],
      callToken: token,
    });
  }, 120_000);
  afterAll(async () => {
    await translator.close();
    await hub.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** A bare script on the same machine, as the attacker: no token, or a guessed one. */
  const bareCall = (method: string, request: object, presented?: string) => {
    const proto = loadTranslationProto();
    const client = new proto.meeshy.translation.v1.Translator(
      translator.address,
      grpc.credentials.createInsecure(),
    ) as unknown as BareClient;
    const metadata = new grpc.Metadata();
    if (presented !== undefined) metadata.set('x-meeshy-translator-token', presented);
    return new Promise<{ code: number; value?: unknown }>((resolve) => {
      client[method]?.(request, metadata, (error, value) => {
        client.close();
        resolve(error ? { code: error.code } : { code: grpc.status.OK, value });
      });
    });
  };

  it('ListModels and PrepareModel{PREMIUM} from a bare script are refused', async () => {
    expect((await bareCall('ListModels', {})).code).toBe(grpc.status.UNAUTHENTICATED);
    expect((await bareCall('PrepareModel', { tier: 'PREMIUM' })).code).toBe(grpc.status.UNAUTHENTICATED);
    expect((await bareCall('ListModels', {}, 'guessed-token')).code).toBe(grpc.status.UNAUTHENTICATED);
    // Nothing started downloading.
    expect(translator.registry.state('premium')).toBe('absent');
  });

  it('a stream without the token is refused too', async () => {
    const proto = loadTranslationProto();
    const client = new proto.meeshy.translation.v1.Translator(
      translator.address,
      grpc.credentials.createInsecure(),
    ) as unknown as grpc.Client & Record<string, (request: object) => grpc.ClientReadableStream<unknown>>;
    const stream = client['WatchModels']?.({});
    const code = await new Promise<number>((resolve) => {
      stream?.on('data', () => undefined);
      stream?.on('error', (error: grpc.ServiceError) => {
        resolve(error.code);
      });
    });
    client.close();
    expect(code).toBe(grpc.status.UNAUTHENTICATED);
  });

  it('the server’s client, holding the token, is served; the health service stays open', async () => {
    const client = new GrpcTranslatorClient(translator.address, token);
    try {
      const models = await client.listModels(5000);
      expect(models.length).toBeGreaterThan(0);
      expect(await client.health(5000)).toBe('serving');
    } finally {
      client.close();
    }
    const withoutToken = new GrpcTranslatorClient(translator.address);
    try {
      expect(await withoutToken.health(5000)).toBe('serving');
      await expect(withoutToken.listModels(5000)).rejects.toThrow();
    } finally {
      withoutToken.close();
    }
  });
});
