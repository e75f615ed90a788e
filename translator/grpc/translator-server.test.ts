import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTranslationProto } from '../../proto/load.ts';
import type { TranslatorClient } from '../../proto/generated/meeshy/translation/v1/Translator.ts';
import type { TranslateMultiItem__Output } from '../../proto/generated/meeshy/translation/v1/TranslateMultiItem.ts';
import type { TranslateMultiRequest } from '../../proto/generated/meeshy/translation/v1/TranslateMultiRequest.ts';
import type { TranslateRequest } from '../../proto/generated/meeshy/translation/v1/TranslateRequest.ts';
import type { TranslateResponse__Output } from '../../proto/generated/meeshy/translation/v1/TranslateResponse.ts';
import type { DetectLanguageResponse__Output } from '../../proto/generated/meeshy/translation/v1/DetectLanguageResponse.ts';
import type { ListLanguagesResponse__Output } from '../../proto/generated/meeshy/translation/v1/ListLanguagesResponse.ts';
import type { ListModelsResponse__Output } from '../../proto/generated/meeshy/translation/v1/ListModelsResponse.ts';
import type { ModelInfo__Output } from '../../proto/generated/meeshy/translation/v1/ModelInfo.ts';
import type { ModelEvent__Output } from '../../proto/generated/meeshy/translation/v1/ModelEvent.ts';
import { MEESHY_LANGUAGES } from '../text/nllb-languages.ts';
import { builtInLexicons } from '../../tools/fixtures/lexicon.ts';
import { MemoryTranslationCache, translationCacheKey } from '../cache/translation-cache.ts';
import type { BatcherOptions } from '../engine/batcher.ts';
import { ModelRegistry } from '../models/model-registry.ts';
import { ModelStore } from '../models/model-store.ts';
import { TextTranslator } from '../service/text-translator.ts';
import { fixtureCatalog, NLLB_REPO, startFixtureHub, T5_REPO } from '../../test-support/fixture-hub.ts';
import { startTranslatorServer, type RunningTranslatorServer } from './translator-server.ts';

interface Harness {
  server: RunningTranslatorServer;
  cache: MemoryTranslationCache;
  client: TranslatorClient;
  registry: ModelRegistry;
  close(): Promise<void>;
}

let fixtureHub: Awaited<ReturnType<typeof startFixtureHub>>;
let dataDir: string;

async function startHarness(options: {
  /** Where the models go (default: the suite's data folder). */
  dataDir?: string;
  offline?: boolean;
  batching?: Partial<BatcherOptions>;
  maxTextChars?: number;
  /** Leave the models unloaded; the test starts the registry itself. */
  deferStart?: boolean;
}) {
  const store = new ModelStore({
    modelsDir: join(options.dataDir ?? dataDir, 'models'),
    hubEndpoint: fixtureHub.hub.url,
    offline: options.offline ?? false,
  });
  const registry = new ModelRegistry({
    catalog: fixtureCatalog(),
    store,
    threads: { intraOp: 1, interOp: 1 },
    defaultTier: 'medium',
    autoDownload: true,
  });
  if (options.offline !== true && options.deferStart !== true) {
    await registry.start();
    await registry.prepare('basic');
  }
  const cache = new MemoryTranslationCache();
  const service = new TextTranslator({
    registry,
    cache,
    maxTextChars: options.maxTextChars ?? 2000,
    batching: { maxBatchSize: 8, maxQueued: 64, gatherMs: 2, ...options.batching },
  });
  const server = await startTranslatorServer({ service, registry, port: 0 });
  const proto = loadTranslationProto();
  const client = new proto.meeshy.translation.v1.Translator(
    `127.0.0.1:${server.port}`,
    grpc.credentials.createInsecure(),
  );
  return {
    server,
    cache,
    client,
    registry,
    close: async () => {
      client.close();
      await server.close();
      await registry.release();
    },
  } satisfies Harness;
}

function promised<Response>(
  invoke: (callback: grpc.requestCallback<Response>) => unknown,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    invoke((error, value) => {
      if (error) reject(error);
      else if (value === undefined) reject(new Error('no response'));
      else resolve(value);
    });
  });
}

function translate(client: TranslatorClient, request: TranslateRequest, options: grpc.CallOptions = {}) {
  return promised<TranslateResponse__Output>((callback) => client.translate(request, options, callback));
}

/** The items of a TranslateMulti stream that ends without an error, by target language. */
function translateMultiByLanguage(
  client: TranslatorClient,
  request: TranslateMultiRequest,
): Promise<Record<string, TranslateMultiItem__Output>> {
  const items: TranslateMultiItem__Output[] = [];
  return new Promise((resolve, reject) => {
    const stream = client.translateMulti(request);
    stream.on('data', (item: TranslateMultiItem__Output) => items.push(item));
    stream.on('error', reject);
    stream.on('end', () => {
      resolve(Object.fromEntries(items.map((item) => [item.targetLanguage, item])));
    });
  });
}

function failureOf(promise: Promise<unknown>): Promise<grpc.ServiceError> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error as grpc.ServiceError,
  );
}

/** grpc.health.v1 Check for the whole server: 1 = SERVING, 2 = NOT_SERVING. */
async function healthStatus(port: number): Promise<number> {
  const health = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  try {
    return await new Promise<number>((resolve, reject) => {
      health.makeUnaryRequest(
        '/grpc.health.v1.Health/Check',
        (value: Buffer) => value,
        (buffer: Buffer) => buffer,
        // HealthCheckRequest { service = "" } encodes as two bytes.
        Buffer.from([0x0a, 0x00]),
        (error, value) => {
          if (error) reject(error);
          // HealthCheckResponse { status = n } encodes as 0x08 n.
          else resolve(value?.[1] ?? -1);
        },
      );
    });
  } finally {
    health.close();
  }
}

let harness: Harness;

beforeAll(async () => {
  fixtureHub = await startFixtureHub();
  dataDir = await mkdtemp(join(tmpdir(), 'meeshy-data-'));
  harness = await startHarness({});
});

afterAll(async () => {
  await harness.close();
  await fixtureHub.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

describe('Translator over gRPC (loopback, lexicon models)', () => {
  it('reports SERVING through grpc.health.v1 once the default model is loaded', async () => {
    expect(await healthStatus(harness.server.port)).toBe(1);
  });

  it('translates one text into one language, then serves the repeat from the cache', async () => {
    const request = {
      messageId: 'm1',
      text: 'The cat drinks water.',
      sourceLanguage: 'en',
      targetLanguage: 'fr',
    };
    const first = await translate(harness.client, request);
    expect(first.translatedText).toBe('le chat boit eau.');
    expect(first.messageId).toBe('m1');
    expect(first.metadata?.modelName).toBe(NLLB_REPO);
    expect(first.metadata?.modelTier).toBe('MEDIUM');
    expect(first.metadata?.fromCache).toBe(false);
    expect(first.metadata?.confidenceScore).toBeGreaterThan(0.9);
    const second = await translate(harness.client, request);
    expect(second.translatedText).toBe('le chat boit eau.');
    expect(second.metadata?.fromCache).toBe(true);
  });

  it('a medium translation in the cache also answers a basic request; an unpinned tier is never looked up', async () => {
    const text = 'my house is big';
    await harness.cache.set(translationCacheKey({ text, source: 'en', target: 'fr', model: NLLB_REPO }), {
      text: 'ma maison est grande',
      confidence: 0.97,
      model: NLLB_REPO,
    });
    // Premium is unpinned: an entry under its empty name must not answer for it.
    await harness.cache.set(translationCacheKey({ text, source: 'en', target: 'fr', model: '' }), {
      text: 'wrong',
      confidence: 1,
      model: '',
    });
    const result = await translate(harness.client, {
      text,
      sourceLanguage: 'en',
      targetLanguage: 'fr',
      modelTier: 'BASIC',
    });
    expect(result.translatedText).toBe('ma maison est grande');
    expect(result.metadata?.fromCache).toBe(true);
    expect(result.metadata?.modelTier).toBe('MEDIUM');
    const fresh = await translate(harness.client, {
      text,
      sourceLanguage: 'en',
      targetLanguage: 'fr',
      modelTier: 'BASIC',
      skipCache: true,
    });
    expect(fresh.translatedText).not.toBe('ma maison est grande');
    expect(fresh.metadata?.fromCache).toBe(false);
  });

  it('keeps structure: lines, mentions, URLs and emoji survive translation', async () => {
    const text = 'hello @anna 👋\nthe dog drinks water https://example.com/x';
    const result = await translate(harness.client, {
      text,
      sourceLanguage: 'en',
      targetLanguage: 'es',
    });
    expect(result.translatedText).toBe('hola @anna 👋\nel perro bebe agua https://example.com/x');
  });

  it('uses the basic tier when it knows the pair and falls to the next tier when it does not', async () => {
    const basic = await translate(harness.client, {
      text: 'hello cat',
      sourceLanguage: 'en',
      targetLanguage: 'fr',
      modelTier: 'BASIC',
    });
    expect(basic.translatedText).toBe('bonjour chat');
    expect(basic.metadata?.modelName).toBe(T5_REPO);
    expect(basic.metadata?.modelTier).toBe('BASIC');
    const fallback = await translate(harness.client, {
      text: 'hello my friend',
      sourceLanguage: 'en',
      targetLanguage: 'es',
      modelTier: 'BASIC',
    });
    expect(fallback.translatedText).toBe('hola mi amigo');
    expect(fallback.metadata?.modelTier).toBe('MEDIUM');
  });

  it('detects the source language when none is given', async () => {
    const result = await translate(harness.client, {
      text: 'le petit chien mange du pain et boit de l’eau',
      targetLanguage: 'en',
    });
    expect(result.sourceDetected).toBe(true);
    expect(result.sourceLanguage).toBe('fr');
    expect(result.translatedText.startsWith('the small dog eats')).toBe(true);
  });

  it('streams one result per target language', async () => {
    const byLanguage = await translateMultiByLanguage(harness.client, {
      messageId: 'm2',
      text: 'good morning my friend',
      sourceLanguage: 'en',
      targetLanguages: ['fr', 'es', 'en-GB'],
    });
    expect(Object.keys(byLanguage).sort()).toEqual(['en-GB', 'es', 'fr']);
    expect(byLanguage['fr']?.translation?.translatedText).toBe('bon matin mon ami');
    expect(byLanguage['es']?.translation?.translatedText).toBe('buen día mi amigo');
    expect(byLanguage['en-GB']?.status).toBe('SUCCESS');
    // Same language as the source: returned as written, without a model run.
    expect(byLanguage['en-GB']?.translation?.translatedText).toBe('good morning my friend');
    expect(byLanguage['en-GB']?.translation?.metadata?.modelName).toBe('identity');
  });

  it('reports a language that fails as a FAILED item while the others arrive', async () => {
    // 60 words: too long for the T5 fixture once its 5-token task prefix is added, fine for NLLB. The order never
    // repeats four words, so the repetition guard leaves the word-by-word translation alone.
    const english = builtInLexicons()[0]?.pairs ?? [];
    const spanish = new Map(builtInLexicons()[2]?.pairs ?? []);
    const words = Array.from(
      { length: 60 },
      (_, index) => english[(index + ((index * index) % 7)) % 20]?.[0] ?? '',
    );
    const text = words.join(' ');
    const byLanguage = await translateMultiByLanguage(harness.client, {
      text,
      sourceLanguage: 'en',
      targetLanguages: ['fr', 'es'],
      modelTier: 'BASIC',
    });
    expect(byLanguage['fr']?.status).toBe('FAILED');
    expect(byLanguage['fr']?.error).toMatch(/tokens long; the model reads at most 64/);
    expect(byLanguage['es']?.status).toBe('SUCCESS');
    expect(byLanguage['es']?.translation?.translatedText).toBe(
      words.map((word) => spanish.get(word)).join(' '),
    );
    expect(byLanguage['es']?.translation?.metadata?.modelTier).toBe('MEDIUM');
  });

  it('detects a language', async () => {
    const result = await promised<DetectLanguageResponse__Output>((callback) =>
      harness.client.detectLanguage(
        {
          text: 'Buenos días, ¿cómo estás? Hace mucho tiempo que no nos vemos.',
        },
        callback,
      ),
    );
    expect(result.language).toBe('es');
    expect(result.reliable).toBe(true);
  });

  it('lists the models and streams their states', async () => {
    const list = await promised<ListModelsResponse__Output>((callback) =>
      harness.client.listModels({}, callback),
    );
    const states = Object.fromEntries(list.models.map((model) => [model.tier, model.state]));
    expect(states).toEqual({ BASIC: 'READY', MEDIUM: 'READY', PREMIUM: 'NOT_DOWNLOADED' });
    const events: ModelEvent__Output[] = [];
    await new Promise<void>((resolve) => {
      const stream = harness.client.watchModels({});
      stream.on('data', (event: ModelEvent__Output) => {
        events.push(event);
        if (events.length === 3) stream.cancel();
      });
      stream.on('error', () => {
        resolve();
      });
    });
    expect(events.map((event) => event.model?.tier)).toEqual(['BASIC', 'MEDIUM', 'PREMIUM']);
  });

  it('lists the languages the ready models translate, with the tiers that can', async () => {
    const list = await promised<ListLanguagesResponse__Output>((callback) =>
      harness.client.listLanguages({}, callback),
    );
    const byCode = Object.fromEntries(list.languages.map((language) => [language.code, language]));
    // Like the real NLLB, the NLLB fixture has every language token: all of Meeshy's languages are there.
    for (const code of MEESHY_LANGUAGES) expect(byCode[code]?.tiers, code).toContain('MEDIUM');
    // The T5 fixture only knows English to French, so only those two name the basic tier.
    expect(byCode.fr).toMatchObject({ name: 'French', tiers: ['BASIC', 'MEDIUM'] });
    expect(byCode.es?.tiers).toEqual(['MEDIUM']);
    expect(
      list.languages
        .filter((language) => language.tiers.includes('BASIC'))
        .map((l) => l.code)
        .sort(),
    ).toEqual(['en', 'fr']);
  });

  it('refuses an unknown language with INVALID_ARGUMENT', async () => {
    const error = await failureOf(
      translate(harness.client, { text: 'hello', sourceLanguage: 'en', targetLanguage: 'xx' }),
    );
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error.details).toContain('unsupported language "xx"');
  });

  it('refuses a multi-language request naming an unknown language before translating anything', async () => {
    const received: TranslateMultiItem__Output[] = [];
    const error = await new Promise<grpc.ServiceError>((resolve, reject) => {
      const stream = harness.client.translateMulti({
        text: 'hello',
        sourceLanguage: 'en',
        targetLanguages: ['fr', 'zz'],
      });
      stream.on('data', (item: TranslateMultiItem__Output) => received.push(item));
      stream.on('error', resolve);
      stream.on('end', () => {
        reject(new Error('the stream ended without an error'));
      });
    });
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error.details).toContain('"zz"');
    expect(received).toHaveLength(0);
  });

  it('refuses a text over the limit with INVALID_ARGUMENT', async () => {
    const error = await failureOf(
      translate(harness.client, {
        text: 'cat '.repeat(600),
        sourceLanguage: 'en',
        targetLanguage: 'fr',
      }),
    );
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error.details).toContain('limit is 2000');
  });

  it('refuses an oversized message before reading it', async () => {
    const error = await failureOf(
      translate(harness.client, {
        text: 'x'.repeat(300 * 1024),
        sourceLanguage: 'en',
        targetLanguage: 'fr',
      }),
    );
    expect(error.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
  });
});

describe('Translator errors that need their own server', () => {
  it('answers UNAVAILABLE with the model state while no model is downloaded, and is NOT_SERVING', async () => {
    const offline = await startHarness({ offline: true });
    try {
      const error = await failureOf(
        translate(offline.client, { text: 'hello', sourceLanguage: 'en', targetLanguage: 'fr' }),
      );
      expect(error.code).toBe(grpc.status.UNAVAILABLE);
      expect(error.details).toContain('not downloaded');
      expect(error.metadata.get('model-state')).toEqual(['NOT_DOWNLOADED']);
      expect(await healthStatus(offline.server.port)).toBe(2);
    } finally {
      await offline.close();
    }
  });

  it('streams download and load progress while the default model arrives, then turns SERVING', async () => {
    const fresh = await mkdtemp(join(tmpdir(), 'meeshy-watch-'));
    const arriving = await startHarness({ dataDir: fresh, deferStart: true });
    try {
      expect(await healthStatus(arriving.server.port)).toBe(2);
      const events: ModelEvent__Output[] = [];
      const stream = arriving.client.watchModels({});
      const ready = new Promise<void>((resolve) => {
        stream.on('data', (event: ModelEvent__Output) => {
          events.push(event);
          if (event.model?.tier === 'MEDIUM' && event.model.state === 'READY') resolve();
        });
      });
      stream.on('error', () => undefined);
      await arriving.registry.start();
      await ready;
      stream.cancel();
      const medium = events.filter((event) => event.model?.tier === 'MEDIUM');
      const states = medium.map((event) => event.model?.state);
      expect(states[0]).toBe('NOT_DOWNLOADED');
      expect(states).toContain('DOWNLOADING');
      expect(states.slice(-3)).toEqual(['DOWNLOADED', 'LOADING', 'READY']);
      const progress = medium.filter((event) => event.file === 'onnx/decoder_model_merged_quantized.onnx');
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.at(-1)?.model?.downloadedBytes).toBeGreaterThan(0);
      expect(await healthStatus(arriving.server.port)).toBe(1);
    } finally {
      await arriving.close();
      await rm(fresh, { recursive: true, force: true });
    }
  });

  it('PrepareModel starts a download and load that ListModels then shows READY', async () => {
    const fresh = await mkdtemp(join(tmpdir(), 'meeshy-prepare-'));
    const idle = await startHarness({ dataDir: fresh, deferStart: true });
    try {
      const started = await promised<ModelInfo__Output>((callback) => {
        idle.client.prepareModel({ tier: 'BASIC' }, callback);
      });
      expect(started.tier).toBe('BASIC');
      expect(started.name).toBe(T5_REPO);
      let state = started.state;
      for (let attempt = 0; attempt < 100 && state !== 'READY'; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        const list = await promised<ListModelsResponse__Output>((callback) =>
          idle.client.listModels({}, callback),
        );
        state = list.models.find((model) => model.tier === 'BASIC')?.state ?? 'MODEL_STATE_UNSPECIFIED';
      }
      expect(state).toBe('READY');
      const result = await translate(idle.client, {
        text: 'hello cat',
        sourceLanguage: 'en',
        targetLanguage: 'fr',
        modelTier: 'BASIC',
      });
      expect(result.translatedText).toBe('bonjour chat');
    } finally {
      await idle.close();
      await rm(fresh, { recursive: true, force: true });
    }
  });

  it('PrepareModel in offline mode refuses with FAILED_PRECONDITION', async () => {
    const offline = await startHarness({ offline: true });
    try {
      const error = await failureOf(
        promised<ModelInfo__Output>((callback) => offline.client.prepareModel({ tier: 'MEDIUM' }, callback)),
      );
      expect(error.code).toBe(grpc.status.FAILED_PRECONDITION);
      expect(error.details).toContain('offline mode');
    } finally {
      await offline.close();
    }
  });

  it('answers RESOURCE_EXHAUSTED when the queue is full', async () => {
    const tight = await startHarness({ batching: { maxQueued: 2, maxBatchSize: 8, gatherMs: 500 } });
    try {
      const calls = ['cat', 'dog', 'water', 'bread', 'house'].map((text) =>
        translate(tight.client, { text, sourceLanguage: 'en', targetLanguage: 'fr' }).then(
          () => grpc.status.OK,
          (error: unknown) => (error as grpc.ServiceError).code,
        ),
      );
      const codes = await Promise.all(calls);
      // The first two wait for their batch (500 ms gather window) and fill the queue; the other three are refused.
      expect(codes.filter((code) => code === grpc.status.OK)).toHaveLength(2);
      expect(codes.filter((code) => code === grpc.status.RESOURCE_EXHAUSTED)).toHaveLength(3);
    } finally {
      await tight.close();
    }
  });

  it('a call whose deadline passes is cancelled and frees its queue slot', async () => {
    const tight = await startHarness({ batching: { maxQueued: 1, maxBatchSize: 2, gatherMs: 400 } });
    try {
      const expired = failureOf(
        translate(
          tight.client,
          { text: 'cat', sourceLanguage: 'en', targetLanguage: 'fr' },
          { deadline: Date.now() + 100 },
        ),
      );
      expect((await expired).code).toBe(grpc.status.DEADLINE_EXCEEDED);
      // The expired call's slot is free again although its batch would only have started at 400 ms.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const next = await translate(tight.client, {
        text: 'dog',
        sourceLanguage: 'en',
        targetLanguage: 'fr',
      });
      expect(next.translatedText).toBe('chien');
    } finally {
      await tight.close();
    }
  });
});
