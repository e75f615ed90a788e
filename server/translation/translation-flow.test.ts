import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationDetail, ConversationSummary } from '../../contract/conversations.ts';
import type { Ack, SentMessage } from '../../contract/events.ts';
import type { MessagePage } from '../../contract/messages.ts';
import { mentionToken } from '../../contract/mentions.ts';
import type { MessageSearchPage } from '../../contract/search.ts';
import type { MessageTranslationDto, ModelInfo, ModelTier } from '../../contract/translations.ts';
import { startFixtureHub } from '../../test-support/fixture-hub.ts';
import { type ClientSocket, nextEvent, OpenSockets, recordEvents } from '../../test-support/sockets.ts';
import { makeTempDir, sleep } from '../../test-support/temp-dir.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';
import { startTestTranslator, type TestTranslator } from '../../test-support/test-translator.ts';
import { registerUser, type TestUser } from '../../test-support/users.ts';
import { waitUntil } from '../../test-support/wait-until.ts';
import type { HealthReport } from '../ops/health.ts';
import { GrpcTranslatorClient } from './translator-client.ts';

const POLL = { timeoutMs: 20_000, intervalMs: 50 };

let hub: Awaited<ReturnType<typeof startFixtureHub>>;
let translatorDir: string;
let translator: TestTranslator;

beforeAll(async () => {
  hub = await startFixtureHub();
  translatorDir = makeTempDir('meeshy-translator-');
  translator = await startTestTranslator({ dataDir: translatorDir, hubUrl: hub.hub.url });
}, 120_000);

afterAll(async () => {
  await translator.close();
  await hub.dispose();
  fs.rmSync(translatorDir, { recursive: true, force: true });
});

describe('translation in the conversation', () => {
  let t: TestApp;
  const sockets = new OpenSockets();
  const connect = (user: TestUser) => sockets.connect(t.baseUrl, user.token);
  const startApp = async (address = translator.address) => {
    t = await createTestApp({ translator: new GrpcTranslatorClient(address) });
    await t.listen();
    return t;
  };
  afterEach(async () => {
    sockets.closeAll();
    await t.close();
  });

  const group = async (owner: TestUser, members: TestUser[]) => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/conversations',
      headers: owner.auth,
      payload:
        members.length === 1
          ? { type: 'direct', memberIds: [members[0]?.id] }
          : { type: 'group', title: 'Polyglots', memberIds: members.map((member) => member.id) },
    });
    return response.json<ConversationDetail>().id;
  };
  const send = async (
    socket: ClientSocket,
    conversationId: string,
    content: string,
    originalLanguage?: string,
  ) => {
    const ack = (await socket.timeout(5000).emitWithAck('message:send', {
      conversationId,
      clientMessageId: randomUUID(),
      content,
      ...(originalLanguage ? { originalLanguage } : {}),
    })) as Ack<SentMessage>;
    if (!ack.success) throw new Error(ack.error.message);
    return ack.data.message;
  };
  const translationOf = (socket: ClientSocket, messageId: string, language: string) =>
    nextEvent(
      socket,
      'message:translation',
      (translation) => translation.messageId === messageId && translation.targetLanguage === language,
      20_000,
    );
  const history = async (user: TestUser, conversationId: string) =>
    (
      await t.app.inject({
        method: 'GET',
        url: `/api/conversations/${conversationId}/messages`,
        headers: user.auth,
      })
    ).json<MessagePage>().messages;

  /** Amélie reads French, Bob English, in a conversation of their own, both connected. */
  const frenchAndEnglishReaders = async () => {
    await startApp();
    const [amelie, bob] = [
      await registerUser(t.app, { systemLanguage: 'fr' }),
      await registerUser(t.app, { systemLanguage: 'en' }),
    ];
    const conversationId = await group(amelie, [bob]);
    const [amelieSocket, bobSocket] = [await connect(amelie), await connect(bob)];
    return { amelie, bob, conversationId, amelieSocket, bobSocket };
  };

  it('a French speaker and an English speaker each read the other in their own language', async () => {
    const { amelie, bob, conversationId, amelieSocket, bobSocket } = await frenchAndEnglishReaders();

    const original = nextEvent(bobSocket, 'message:new');
    const sent = await send(amelieSocket, conversationId, 'le chat boit eau', 'fr');
    // The original is delivered at once, before any translation.
    expect(await original).toMatchObject({
      id: sent.id,
      content: 'le chat boit eau',
      originalLanguage: 'fr',
    });
    const forBob = await translationOf(bobSocket, sent.id, 'en');
    expect(forBob).toMatchObject({ sourceLanguage: 'fr', content: 'the cat drinks water', tier: 'medium' });
    expect(forBob.model).toBe('fixtures/nllb-lexicon');

    const reply = await send(bobSocket, conversationId, 'hello my friend', 'en');
    expect((await translationOf(amelieSocket, reply.id, 'fr')).content).toBe('bonjour mon ami');

    // The conversation list's preview carries them too, so it shows in the reader's language.
    const list = await t.app.inject({ method: 'GET', url: '/api/conversations', headers: amelie.auth });
    const preview = list.json<ConversationSummary[]>().find((c) => c.id === conversationId)?.lastMessage;
    expect(preview?.translations.map((x) => [x.targetLanguage, x.content])).toEqual([
      ['fr', 'bonjour mon ami'],
    ]);

    // History carries the original and the translations that exist.
    const messages = await history(bob, conversationId);
    expect(
      messages.map((message) => [
        message.content,
        message.translations.map((x) => [x.targetLanguage, x.content]),
      ]),
    ).toEqual([
      ['le chat boit eau', [['en', 'the cat drinks water']]],
      ['hello my friend', [['fr', 'bonjour mon ami']]],
    ]);
  });

  it('a mention comes out of the real translator intact, where the translation puts it, and is searchable', async () => {
    const { bob, conversationId, amelieSocket, bobSocket } = await frenchAndEnglishReaders();
    const after = await send(
      amelieSocket,
      conversationId,
      `le chat boit eau ${mentionToken(bob.id)} !`,
      'fr',
    );
    expect((await translationOf(bobSocket, after.id, 'en')).content).toBe(
      `the cat drinks water ${mentionToken(bob.id)} !`,
    );
    const before = await send(
      amelieSocket,
      conversationId,
      `${mentionToken(bob.id)}, le chat boit eau`,
      'fr',
    );
    expect((await translationOf(bobSocket, before.id, 'en')).content).toBe(
      `${mentionToken(bob.id)}, the cat drinks water`,
    );
    // Bob finds them by a word of the translation he reads.
    const found = await t.app.inject({
      method: 'GET',
      url: '/api/search/messages?q=drinks',
      headers: bob.auth,
    });
    expect(found.json<MessageSearchPage>().hits.map((hit) => [hit.message.id, hit.matchedLanguage])).toEqual([
      [before.id, 'en'],
      [after.id, 'en'],
    ]);
  });

  it('detects the source language when the sender gives none', async () => {
    await startApp();
    const [amelie, bob] = [
      await registerUser(t.app, { systemLanguage: 'fr' }),
      await registerUser(t.app, { systemLanguage: 'es' }),
    ];
    const conversationId = await group(amelie, [bob]);
    const [amelieSocket, bobSocket] = [await connect(amelie), await connect(bob)];
    const seenByAmelie = recordEvents(amelieSocket, 'message:translation');
    const settled = recordEvents(bobSocket, 'message:language');
    const sent = await send(amelieSocket, conversationId, 'the dog drinks water and eats bread');
    expect(sent.originalLanguage).toBeNull();
    const forBob = await translationOf(bobSocket, sent.id, 'es');
    expect(forBob).toMatchObject({ sourceLanguage: 'en', content: 'el perro bebe agua y come pan' });
    await waitUntil(() => seenByAmelie.some((x) => x.messageId === sent.id && x.targetLanguage === 'fr'), {
      what: 'Amelie to receive the French translation',
      ...POLL,
    });
    expect(seenByAmelie.find((x) => x.targetLanguage === 'fr')?.content).toBe(
      'le chien boit eau et mange pain',
    );
    // Readers are told the language once it is settled, so they know a translation is coming.
    await waitUntil(() => settled.length > 0, { what: 'a settled translation', ...POLL });
    expect(settled[0]).toMatchObject({ id: sent.id, originalLanguage: 'en' });
    // The detected language is kept as the message's language.
    expect((await history(amelie, conversationId))[0]?.originalLanguage).toBe('en');

    // Too little text to tell: the sender's own language is taken, as Meeshy's composer would.
    const short = await send(amelieSocket, conversationId, '42 !');
    const fromShort = await translationOf(bobSocket, short.id, 'es');
    expect(fromShort.sourceLanguage).toBe('fr');
    const stored = (await history(amelie, conversationId)).find((message) => message.id === short.id);
    expect(stored?.originalLanguage).toBe('fr');
  });

  it('a group of three languages gets each translation exactly once per language', async () => {
    await startApp();
    const [en, fr, es] = [
      await registerUser(t.app, { systemLanguage: 'en' }),
      await registerUser(t.app, { systemLanguage: 'fr' }),
      await registerUser(t.app, { systemLanguage: 'es' }),
    ];
    // A second French reader must not cause a second French translation.
    const fr2 = await registerUser(t.app, { systemLanguage: 'fr' });
    const conversationId = await group(en, [fr, es, fr2]);
    const [enSocket, frSocket] = [await connect(en), await connect(fr)];
    const seen = recordEvents(frSocket, 'message:translation');
    const messages = [];
    for (const text of ['the cat is big', 'good morning my friend', 'thanks and hello']) {
      messages.push(await send(enSocket, conversationId, text, 'en'));
    }
    await waitUntil(() => seen.length >= messages.length * 2, {
      what: 'two translations of each message',
      ...POLL,
    });
    // Give a duplicate, were there one, the time to show up.
    await sleep(700);
    const stored = await history(fr, conversationId);
    for (const message of stored) {
      expect(message.translations.map((translation) => translation.targetLanguage)).toEqual(['es', 'fr']);
    }
    const perPair = new Map<string, number>();
    for (const event of seen) {
      const key = `${event.messageId}:${event.targetLanguage}`;
      perPair.set(key, (perPair.get(key) ?? 0) + 1);
    }
    expect(perPair.size).toBe(messages.length * 2);
    expect([...perPair.values()].every((count) => count === 1)).toBe(true);
    expect(
      stored.map((message) => message.translations.find((x) => x.targetLanguage === 'fr')?.content),
    ).toEqual(['le chat est grand', 'bon matin mon ami', 'merci et bonjour']);
  });

  it('an edited message is translated again; a deleted one loses its translations', async () => {
    await startApp();
    const [fr, en] = [
      await registerUser(t.app, { systemLanguage: 'fr' }),
      await registerUser(t.app, { systemLanguage: 'en' }),
    ];
    const conversationId = await group(en, [fr]);
    const [enSocket, frSocket] = [await connect(en), await connect(fr)];
    const sent = await send(enSocket, conversationId, 'the cat', 'en');
    expect((await translationOf(frSocket, sent.id, 'fr')).content).toBe('le chat');

    const retranslated = nextEvent(
      frSocket,
      'message:translation',
      (translation) => translation.messageId === sent.id && translation.content === 'le chien',
      20_000,
    );
    await t.app.inject({
      method: 'PATCH',
      url: `/api/conversations/${conversationId}/messages/${sent.id}`,
      headers: en.auth,
      payload: { content: 'the dog' },
    });
    await retranslated;
    expect((await history(fr, conversationId))[0]?.translations.map((x) => x.content)).toEqual(['le chien']);

    // A language a reader asked for on demand is kept through the next edit, translated anew.
    const spanish = nextEvent(frSocket, 'message:translation', (x) => x.targetLanguage === 'es', 20_000);
    await t.app.inject({
      method: 'POST',
      url: '/api/translate',
      headers: fr.auth,
      payload: { messageId: sent.id, targetLanguage: 'es' },
    });
    expect((await spanish).content).toBe('el perro');
    const spanishAgain = nextEvent(
      frSocket,
      'message:translation',
      (x) => x.targetLanguage === 'es' && x.content === 'el gato',
      20_000,
    );
    await t.app.inject({
      method: 'PATCH',
      url: `/api/conversations/${conversationId}/messages/${sent.id}`,
      headers: en.auth,
      payload: { content: 'the cat' },
    });
    await spanishAgain;
    const afterSecondEdit = async () =>
      ((await history(fr, conversationId))[0]?.translations ?? []).map((x) => [x.targetLanguage, x.content]);
    for (let attempt = 0; attempt < 100 && (await afterSecondEdit()).length < 2; attempt += 1)
      await sleep(100);
    expect(await afterSecondEdit()).toEqual([
      ['es', 'el gato'],
      ['fr', 'le chat'],
    ]);

    await t.app.inject({
      method: 'DELETE',
      url: `/api/conversations/${conversationId}/messages/${sent.id}`,
      headers: en.auth,
    });
    expect((await history(fr, conversationId))[0]?.translations).toEqual([]);
  });

  it('a tier upgrade replaces the translation, and unsupported or unreadable requests are refused', async () => {
    // A translator whose default is the basic tier, so that the automatic translation is a basic one.
    const basicFirst = await startTestTranslator({
      dataDir: translatorDir,
      hubUrl: hub.hub.url,
      defaultTier: 'basic',
    });
    try {
      await startApp(basicFirst.address);
      const [fr, en, outsider] = [
        await registerUser(t.app, { systemLanguage: 'fr' }),
        await registerUser(t.app, { systemLanguage: 'en' }),
        await registerUser(t.app, { systemLanguage: 'en' }),
      ];
      const conversationId = await group(en, [fr]);
      const [enSocket, frSocket] = [await connect(en), await connect(fr)];
      const sent = await send(enSocket, conversationId, 'hello', 'en');
      expect(await translationOf(frSocket, sent.id, 'fr')).toMatchObject({
        tier: 'basic',
        model: 'fixtures/t5-lexicon',
        content: 'bonjour',
      });

      const translate = (user: TestUser, payload: object) =>
        t.app.inject({ method: 'POST', url: '/api/translate', headers: user.auth, payload });
      const upgraded = nextEvent(
        frSocket,
        'message:translation',
        (x) => x.messageId === sent.id && x.tier === 'medium',
        20_000,
      );
      const accepted = await translate(fr, { messageId: sent.id, targetLanguage: 'fr', tier: 'medium' });
      expect(accepted.statusCode).toBe(202);
      expect(accepted.json()).toEqual({ messageId: sent.id, targetLanguage: 'fr', status: 'pending' });
      expect(await upgraded).toMatchObject({ model: 'fixtures/nllb-lexicon', content: 'bonjour' });
      const stored = (await history(fr, conversationId))[0]?.translations ?? [];
      expect(stored.map((x: MessageTranslationDto) => [x.targetLanguage, x.tier, x.model])).toEqual([
        ['fr', 'medium', 'fixtures/nllb-lexicon'],
      ]);

      const unsupported = await translate(fr, { messageId: sent.id, targetLanguage: 'tlh' });
      expect(unsupported.statusCode).toBe(400);
      expect(unsupported.json()).toMatchObject({ error: { code: 'UNSUPPORTED_LANGUAGE' } });
      expect(unsupported.json<{ error: { message: string } }>().error.message).toContain(
        'GET /api/languages',
      );
      const notMine = await translate(outsider, { messageId: sent.id, targetLanguage: 'fr' });
      expect(notMine.statusCode).toBe(404);
      expect(notMine.json()).toMatchObject({ error: { code: 'MESSAGE_NOT_FOUND' } });

      const languages = await t.app.inject({ method: 'GET', url: '/api/languages', headers: fr.auth });
      const codes = languages
        .json<{ languages: { code: string }[] }>()
        .languages.map((language) => language.code);
      expect(codes).toEqual(expect.arrayContaining(['en', 'fr', 'es', 'pt', 'zh', 'zh-TW']));
      expect(codes).not.toContain('tlh');
    } finally {
      await basicFirst.close();
    }
  });

  it('the Models screen: tiers with license and state, downloads after consent, progress on the socket', async () => {
    const modelsDir = makeTempDir('meeshy-models-');
    const partial = await startTestTranslator({
      dataDir: modelsDir,
      hubUrl: hub.hub.url,
      prepare: ['medium'],
    });
    try {
      await startApp(partial.address);
      const user = await registerUser(t.app);
      const socket = await connect(user);
      const progress = recordEvents(socket, 'model:progress');
      const list = async () =>
        (await t.app.inject({ method: 'GET', url: '/api/models', headers: user.auth })).json<ModelInfo[]>();
      const byTier = (models: ModelInfo[]) => Object.fromEntries(models.map((model) => [model.tier, model]));
      const before = byTier(await list());
      expect(before.basic).toMatchObject({ state: 'absent', license: 'Apache-2.0', requiresConsent: false });
      expect(before.medium).toMatchObject({ state: 'ready', license: 'CC-BY-NC-4.0', requiresConsent: true });
      expect(before.medium?.isDefault).toBe(true);

      const download = (tier: string, acceptLicense: boolean) =>
        t.app.inject({
          method: 'POST',
          url: `/api/models/${tier}/download`,
          headers: user.auth,
          payload: { acceptLicense },
        });
      const refused = await download('medium', false);
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({ error: { code: 'LICENSE_NOT_ACCEPTED' } });
      expect((await download('ultra', true)).statusCode).toBe(400);

      expect((await download('basic', false)).statusCode).toBe(202);
      await waitUntil(() => progress.some((event) => event.tier === 'basic' && event.state === 'ready'), {
        what: 'the basic tier to be ready',
        ...POLL,
      });
      const basicEvents = progress.filter((event) => event.tier === 'basic');
      expect(basicEvents.some((event) => event.state === 'downloading' && event.bytesTotal !== null)).toBe(
        true,
      );
      expect(byTier(await list()).basic?.state).toBe('ready');

      // No premium export is pinned: nothing is downloaded, and the answer says how to provide one.
      expect(before.premium).toMatchObject({ source: 'unpinned', repo: '', state: 'absent' });
      const unpinned = await download('premium', true);
      expect(unpinned.statusCode).toBe(409);
      expect(unpinned.json()).toMatchObject({ error: { code: 'MODEL_NOT_DOWNLOADABLE' } });
      expect(unpinned.json<{ error: { message: string } }>().error.message).toContain(
        'PREMIUM_MODEL=owner/name@commit',
      );
      expect(progress.some((event) => event.tier === 'premium')).toBe(false);
    } finally {
      await partial.close();
      fs.rmSync(modelsDir, { recursive: true, force: true });
    }
  });

  it('a reader language no model knows ends in translation:failed, and the reader keeps the original', async () => {
    await startApp();
    const [en, klingon] = [
      await registerUser(t.app, { systemLanguage: 'en' }),
      await registerUser(t.app, { systemLanguage: 'tlh' }),
    ];
    const conversationId = await group(en, [klingon]);
    const [enSocket, klingonSocket] = [await connect(en), await connect(klingon)];
    const failed = nextEvent(klingonSocket, 'translation:failed', () => true, 20_000);
    const sent = await send(enSocket, conversationId, 'hello', 'en');
    expect(await failed).toMatchObject({
      messageId: sent.id,
      targetLanguage: 'tlh',
      code: 'UNSUPPORTED_LANGUAGE',
    });
    expect((await history(klingon, conversationId))[0]).toMatchObject({ content: 'hello', translations: [] });
  });

  /** Which tiers a test's own translator loads before it serves, and whether it fetches its default one. */
  type OwnTranslator = { prepare: ModelTier[]; autoDownload: boolean };

  /** The translator's state in the server's `/health`, as the orchestrator last heard it. */
  const translatorState = async () =>
    (await t.app.inject({ method: 'GET', url: '/health' })).json<HealthReport>().components.translator;

  /**
   * A translator of this test's own (`translator` says which tiers it has loaded), and a server that polls it ten
   * minutes apart: only the translator's own announcements can move the server within the test. `run` gets the
   * translator, the server's client of it, and an English and a French speaker in a conversation.
   */
  const withOwnTranslator = async <Client extends GrpcTranslatorClient>(
    translator: OwnTranslator,
    makeClient: (address: string) => Client,
    run: (
      own: TestTranslator,
      client: Client,
      readers: { enSocket: ClientSocket; frSocket: ClientSocket; conversationId: string },
    ) => Promise<void>,
  ) => {
    const ownDir = makeTempDir('meeshy-translator-own-');
    const own = await startTestTranslator({ dataDir: ownDir, hubUrl: hub.hub.url, ...translator });
    try {
      const client = makeClient(own.address);
      t = await createTestApp({ translator: client, translatorPollMs: 600_000 });
      await t.listen();
      const [fr, en] = [
        await registerUser(t.app, { systemLanguage: 'fr' }),
        await registerUser(t.app, { systemLanguage: 'en' }),
      ];
      const conversationId = await group(en, [fr]);
      await run(own, client, { enSocket: await connect(en), frSocket: await connect(fr), conversationId });
    } finally {
      await own.close();
      fs.rmSync(ownDir, { recursive: true, force: true });
    }
  };
  /** No model loaded yet, none fetched until the test asks. */
  const COLD: OwnTranslator = { prepare: [], autoDownload: false };

  it('a message sent before the model is ready is translated once it is, without waiting for a poll', async () => {
    await withOwnTranslator(
      COLD,
      (address) => new GrpcTranslatorClient(address),
      async (cold, _client, { enSocket, frSocket, conversationId }) => {
        const sent = await send(enSocket, conversationId, 'the cat', 'en');
        await sleep(300);
        expect(await translatorState()).toEqual({ status: 'down', detail: 'not-serving' });

        const translated = translationOf(frSocket, sent.id, 'fr');
        await cold.registry.prepare('medium');
        expect((await translated).content).toBe('le chat');
      },
    );
  });

  /** The real client, whose health answers wait at a gate while the test holds it. */
  class HeldHealth extends GrpcTranslatorClient {
    private gate: Promise<void> | null = null;
    private open = () => {};
    private reached = () => {};
    /** Resolves once an answer waits at the gate. */
    holding: Promise<void> = Promise.resolve();

    hold() {
      this.gate = new Promise((resolve) => (this.open = resolve));
      this.holding = new Promise((resolve) => (this.reached = resolve));
    }

    release() {
      this.gate = null;
      this.open();
    }

    override async health(timeoutMs: number) {
      const answer = await super.health(timeoutMs);
      if (this.gate !== null) {
        this.reached();
        await this.gate;
      }
      return answer;
    }
  }

  it('a model that becomes ready while the server is still hearing the old health is not missed', async () => {
    await withOwnTranslator(
      COLD,
      (address) => new HeldHealth(address),
      async (cold, client, { enSocket, frSocket, conversationId }) => {
        const sent = await send(enSocket, conversationId, 'the dog', 'en');
        client.hold();
        const ready = nextEvent(
          frSocket,
          'model:progress',
          (event) => event.tier === 'medium' && event.state === 'ready',
          20_000,
        );
        const translated = translationOf(frSocket, sent.id, 'fr');
        // The download's first change starts a look at the health, which answers "not serving" and is held
        // there while the model loads and is announced ready.
        await cold.registry.prepare('medium');
        await ready;
        client.release();
        expect((await translated).content).toBe('le chien');
      },
    );
  });

  it('a health answer overtaken by news of the translator is asked again at once', async () => {
    await withOwnTranslator(
      { prepare: ['medium'], autoDownload: true },
      (address) => new HeldHealth(address),
      async (own, client, { frSocket: reader }) => {
        await waitUntil(async () => ((await translatorState())?.detail === 'serving' ? true : undefined), {
          what: 'the server to see the translator serving',
          ...POLL,
        });
        const statuses = recordEvents(reader, 'translator:status');
        const basicReady = nextEvent(
          reader,
          'model:progress',
          (event) => event.tier === 'basic' && event.state === 'ready',
          20_000,
        );
        client.hold();
        // The basic tier's first change starts a look at the health, which answers "serving" and is held there;
        // the tier's later changes are news that arrive meanwhile.
        const preparing = own.registry.prepare('basic');
        await client.holding;
        await preparing;
        await basicReady;
        // What that news might have meant: the translator stops serving (as while its default tier is replaced).
        own.server.health.setStatus('', 'NOT_SERVING');
        client.release();
        await waitUntil(
          () => (statuses.some((status) => status.state === 'not-serving') ? true : undefined),
          {
            what: 'the server to ask again and hear "not serving"',
            ...POLL,
          },
        );
        expect(await translatorState()).toEqual({ status: 'down', detail: 'not-serving' });
      },
    );
  });

  it('while the translator is down messages still arrive at once; they are all translated, once, when it is back', async () => {
    const downDir = makeTempDir('meeshy-translator-down-');
    let own = await startTestTranslator({ dataDir: downDir, hubUrl: hub.hub.url });
    const port = own.port;
    try {
      await startApp(own.address);
      const [fr, en] = [
        await registerUser(t.app, { systemLanguage: 'fr' }),
        await registerUser(t.app, { systemLanguage: 'en' }),
      ];
      const conversationId = await group(en, [fr]);
      const [enSocket, frSocket] = [await connect(en), await connect(fr)];
      const seen = recordEvents(frSocket, 'message:translation');
      const statuses = recordEvents(frSocket, 'translator:status');
      await own.close();

      const delivered = recordEvents(frSocket, 'message:new');
      const sent = [];
      for (const text of ['the cat', 'the dog', 'my house is small'])
        sent.push(await send(enSocket, conversationId, text, 'en'));
      await sleep(1500);
      expect(delivered.map((message) => message.content)).toEqual([
        'the cat',
        'the dog',
        'my house is small',
      ]);
      expect(seen).toEqual([]);
      const health = await t.app.inject({ method: 'GET', url: '/health' });
      expect(health.statusCode).toBe(503);
      expect(health.json<HealthReport>().components.translator).toEqual({
        status: 'down',
        detail: 'unreachable',
      });

      own = await startTestTranslator({ dataDir: downDir, hubUrl: hub.hub.url, port });
      await waitUntil(() => seen.length >= sent.length, {
        what: 'a translation of each message sent',
        ...POLL,
      });
      await sleep(700);
      expect(seen.map((translation) => translation.content).sort()).toEqual([
        'le chat',
        'le chien',
        'mon maison est petit',
      ]);
      expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
      // Readers were told when translations stopped and when they resumed.
      expect(statuses.map((status) => status.state)).toEqual(['unreachable', 'serving']);
      const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(metrics).toMatch(/meeshy_translation_duration_seconds_count\{tier="medium"\} [1-9]/);
      expect(metrics).toMatch(/meeshy_translation_queue_depth 0/);
      expect(metrics).toContain('# TYPE meeshy_translation_cache_hits_total counter');
      expect(metrics).toContain('# TYPE meeshy_translation_failures_total counter');
    } finally {
      await own.close();
      fs.rmSync(downDir, { recursive: true, force: true });
    }
  });
});
