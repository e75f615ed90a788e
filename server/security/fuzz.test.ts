import http from 'node:http';
import net from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationDetail } from '../../contract/conversations.ts';
import { routes } from '../../contract/routes.ts';
import { DEFAULT_AUTH_SETTINGS } from '../settings.ts';
import { Fuzz, fuzzSeed } from '../../test-support/fuzz-values.ts';
import { openSocket, type ClientSocket } from '../../test-support/sockets.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';
import { selectRows } from '../../test-support/test-database.ts';
import { registerUser, type TestUser } from '../../test-support/users.ts';

/** MEESHY_FUZZ_SCALE=0.1 runs a tenth of the inputs (a quick look); 1 is the 10,000 the issue asks for. */
const SCALE = Number(process.env.MEESHY_FUZZ_SCALE ?? '1');
const HTTP_REQUESTS = Math.round(6_500 * SCALE);
const RAW_REQUESTS = Math.round(500 * SCALE);
const SOCKET_EVENTS = Math.round(3_000 * SCALE);
const CONCURRENCY = 12;

const seed = fuzzSeed();
// Printed first, so a failing run can be replayed with MEESHY_FUZZ_SEED=<seed>.
process.stdout.write(`fuzz seed: ${seed} (replay with MEESHY_FUZZ_SEED=${seed})\n`);

/** Plausible bodies per route, which the fuzzer breaks in every way it can. */
const BODY_TEMPLATES: Record<string, Record<string, unknown>> = {
  register: { username: 'mallory2', email: 'm2@example.test', password: 'correct horse battery' },
  login: { username: 'someone', password: 'guess' },
  refresh: { refreshToken: 'x'.repeat(43) },
  logout: { refreshToken: 'x'.repeat(43) },
  updateMe: { displayName: 'Mallory', systemLanguage: 'fr' },
  grantRole: { role: 'operator' },
  createConversation: { type: 'group', title: 'Fuzz', memberIds: [] },
  updateConversation: { title: 'Renamed' },
  addMembers: { userIds: [], role: 'member' },
  updateMember: { role: 'admin' },
  sendMessage: { clientMessageId: '00000000-0000-4000-8000-000000000000', content: 'hi' },
  editMessage: { content: 'edited' },
  addReaction: { emoji: '👍' },
  markRead: { messageId: 'x' },
  translate: { text: 'hello', targetLanguage: 'fr' },
  downloadModel: { acceptLicense: true },
};

/** Percent-encoded for a URL path; a lone surrogate becomes the bytes of one, which is invalid UTF-8. */
function encodedForPath(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}

interface Outcome {
  what: string;
  status: number;
}

// Minutes of CPU on a busy machine: run on demand (MEESHY_FUZZ=1), not in every `npm test`.
describe.runIf(process.env.MEESHY_FUZZ === '1')(`fuzzing the real server (issue 12): seed ${seed}`, () => {
  let t: TestApp;
  let owner: TestUser;
  let victim: TestUser;
  let mallory: TestUser;
  const ids = {
    conversations: [] as string[],
    messages: [] as string[],
    users: [] as string[],
    privateConversations: [] as string[],
  };
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  const as = async <T>(user: TestUser, method: 'POST' | 'PUT', url: string, payload: object): Promise<T> => {
    const response = await t.app.inject({ method, url, headers: user.auth, payload });
    if (response.statusCode >= 300)
      throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
    return response.json<T>();
  };

  /** What the fuzzing user may not change: other people's accounts, sign-ins and private conversations. */
  const forbiddenData = async () => {
    const inPrivate = ids.privateConversations.map(() => '?').join(', ');
    const snapshot: Record<string, unknown[]> = {};
    // The other accounts that existed before (accounts the fuzzer registers are its own to make).
    const others = [owner.id, victim.id];
    const queries: [string, string, unknown[]][] = [
      ['users', 'select * from users where id in (?, ?) order by id', others],
      ['sessions', 'select * from sessions where user_id in (?, ?) order by id', others],
      ['refresh_tokens', 'select * from refresh_tokens where user_id in (?, ?) order by id', others],
      [
        'conversations',
        `select * from conversations where id in (${inPrivate}) order by id`,
        ids.privateConversations,
      ],
      [
        'members',
        `select * from conversation_members where conversation_id in (${inPrivate}) order by conversation_id, user_id`,
        ids.privateConversations,
      ],
      [
        'messages',
        `select * from messages where conversation_id in (${inPrivate}) order by id`,
        ids.privateConversations,
      ],
      [
        'reactions',
        `select r.* from reactions r join messages m on m.id = r.message_id where m.conversation_id in (${inPrivate}) order by 1, 2, 3`,
        ids.privateConversations,
      ],
    ];
    for (const [name, statement, params] of queries)
      snapshot[name] = await selectRows(t.database, statement, params);
    return JSON.parse(JSON.stringify(snapshot)) as Record<string, unknown[]>;
  };

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    // Sign-in throttles space attempts by seconds; the fuzzer would spend its time waiting on them.
    t = await createTestApp({
      auth: {
        ...DEFAULT_AUTH_SETTINGS,
        scryptLogN: 10,
        loginAccountDelayBaseMs: 1,
        loginAccountDelayMaxMs: 5,
      },
    });
    await t.listen();
    // The first account is the server's owner: not the fuzzing user.
    owner = await registerUser(t.app);
    victim = await registerUser(t.app);
    mallory = await registerUser(t.app);
    const direct = await as<ConversationDetail>(owner, 'POST', '/api/conversations', {
      type: 'direct',
      memberIds: [victim.id],
    });
    const secret = await as<ConversationDetail>(owner, 'POST', '/api/conversations', {
      type: 'group',
      title: 'Owners only',
      memberIds: [victim.id],
    });
    const shared = await as<ConversationDetail>(owner, 'POST', '/api/conversations', {
      type: 'group',
      title: 'With Mallory',
      memberIds: [victim.id, mallory.id],
    });
    ids.privateConversations.push(direct.id, secret.id);
    ids.conversations.push(direct.id, secret.id, shared.id, 'global');
    ids.users.push(owner.id, victim.id, mallory.id);
    for (const conversationId of ids.conversations) {
      for (const author of [owner, victim]) {
        if (conversationId === shared.id && author === victim) continue;
        const sent = await as<{ messageId: string }>(
          author,
          'POST',
          `/api/conversations/${conversationId}/messages`,
          {
            clientMessageId: randomUUID(),
            content: `from ${author.username}`,
          },
        );
        ids.messages.push(sent.messageId);
        await as(
          author,
          'POST',
          `/api/conversations/${conversationId}/messages/${sent.messageId}/reactions`,
          {
            emoji: '👍',
          },
        );
      }
    }
  });

  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await t.close();
  });

  it(`${HTTP_REQUESTS + RAW_REQUESTS} malformed HTTP requests and ${SOCKET_EVENTS} socket events: no 5xx, no crash, no forbidden change`, async () => {
    const fuzz = new Fuzz(seed);
    const before = await forbiddenData();
    /** Answers of 500 or more, and socket acks saying INTERNAL: the server failed. */
    const failures: Outcome[] = [];
    /** No HTTP answer at all (hang-up, reset, unparsable answer): reported separately, see below. */
    const anomalies: Outcome[] = [];
    const record = (what: string, status: number) => {
      if (status >= 500) failures.push({ what, status });
      else if (status === 0) anomalies.push({ what, status });
    };
    const { port } = new URL(t.baseUrl);
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

    const pathParam = () =>
      fuzz.chance(0.6)
        ? fuzz.pick([...ids.conversations, ...ids.messages, ...ids.users, 'global'])
        : encodedForPath(fuzz.string()).slice(0, fuzz.pick([10, 200, 5000]));
    const routeList = Object.entries(routes);

    const oneRequest = (): Promise<void> => {
      const [name, route] = fuzz.pick(routeList);
      let path = route.path.replace(/:(\w+)/g, () => pathParam());
      if (fuzz.chance(0.1))
        path = fuzz.pick([
          '/',
          '/api',
          '/api/../../etc/passwd',
          '/%2e%2e/%2e%2e/etc/passwd',
          '/socket.io/?EIO=4&transport=polling',
          '/health',
          '/api/conversations/%ZZ',
          `/${'a/'.repeat(500)}`,
        ]);
      if (fuzz.chance(0.3)) {
        const query = new URLSearchParams();
        for (let count = 1 + fuzz.int(3); count > 0; count -= 1) {
          query.append(
            fuzz.pick(['limit', 'before', 'since', 'q', '__proto__[x]', 'a[]', fuzz.string().slice(0, 20)]),
            fuzz.chance(0.5) ? String(fuzz.number()) : fuzz.string().slice(0, 300),
          );
        }
        path += `?${query.toString()}`;
      }
      const method = fuzz.chance(0.85)
        ? route.method
        : fuzz.pick(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD']);
      const headers: http.OutgoingHttpHeaders = { host: `127.0.0.1:${port}` };
      const auth = fuzz.int(10);
      if (auth < 7) headers.authorization = `Bearer ${mallory.token}`;
      else if (auth === 7)
        headers.authorization = `Bearer ${fuzz
          .string()
          .replace(/[^\x21-\x7e]/g, 'x')
          .slice(0, 2000)}`;
      else if (auth === 8)
        headers.authorization = fuzz.pick([
          'Bearer',
          'Basic abc',
          'Bearer a.b.c',
          `Bearer ${mallory.token}x`,
        ]);
      if (fuzz.chance(0.05)) headers.origin = fuzz.pick(['http://evil.example', 'null', 'app://meeshy']);
      if (fuzz.chance(0.03)) headers.host = fuzz.pick(['evil.example', 'localhost', '[::1]', '']);
      let body: string | Buffer | undefined;
      if (method !== 'GET' && method !== 'HEAD' && fuzz.chance(0.9)) {
        const bodyKind = fuzz.int(10);
        if (bodyKind < 7) body = JSON.stringify(fuzz.mutate(BODY_TEMPLATES[name] ?? {}));
        else if (bodyKind === 7)
          body = fuzz.pick([
            '{',
            '{"a":',
            'null',
            '[]',
            '"x"',
            '{"__proto__":{"admin":true}}',
            '{"constructor":{"prototype":{"x":1}}}',
            '\u0000',
          ]);
        else if (bodyKind === 8 && fuzz.chance(0.2))
          body = Buffer.alloc(fuzz.pick([70 * 1024, 1024 * 1024]), 0x7b);
        else body = JSON.stringify(fuzz.value(4));
        headers['content-type'] = fuzz.chance(0.85)
          ? 'application/json'
          : fuzz.pick([
              'text/plain',
              'application/x-www-form-urlencoded',
              'multipart/form-data; boundary=x',
              'application/json; charset=utf-16',
              'application/jsonx',
              '',
            ]);
      }
      const what = `${method} ${path.slice(0, 200)} ${typeof body === 'string' ? body.slice(0, 200) : `<${body?.length ?? 0} bytes>`}`;
      const send = (via: http.Agent | false): Promise<void> =>
        new Promise((resolve) => {
          const outgoing = http.request(
            { host: '127.0.0.1', port, method, path, headers, agent: via },
            (response) => {
              response.resume();
              response.on('end', () => {
                record(what, response.statusCode ?? 0);
                resolve();
              });
            },
          );
          outgoing.setTimeout(10_000, () => {
            anomalies.push({ what: `${what}: no answer in 10 s`, status: 0 });
            outgoing.destroy();
          });
          outgoing.on('error', (error: NodeJS.ErrnoException) => {
            // A kept-alive connection the server closed after its previous answer (as it does after a
            // 400 or 413) races with reuse: sent again on a fresh one, as Node's docs advise.
            if (outgoing.reusedSocket && error.code === 'ECONNRESET') {
              void send(false).then(resolve);
              return;
            }
            // A body over the limit is cut off by the server (413) while still being written.
            const oversized = body !== undefined && body.length > 64 * 1024;
            // A request the client library itself refuses to send (bad header characters) is not the server's.
            const refusedByClient = error.code?.startsWith('ERR_') ?? false;
            if (!oversized && !refusedByClient && !outgoing.destroyed) {
              anomalies.push({ what: `${what}: ${error.message}`, status: 0 });
            }
            resolve();
          });
          try {
            outgoing.end(body);
          } catch {
            resolve();
          }
        });
      return send(agent);
    };

    /** Bytes no HTTP client would send: broken request lines, headers and framing. */
    const oneRawRequest = (): Promise<void> => {
      const garbage = fuzz.pick([
        `GET /\u0000 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`,
        `GET / HTTP/9.9\r\nHost: 127.0.0.1:${port}\r\n\r\n`,
        `POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: 10\r\nContent-Length: 5\r\n\r\n{}`,
        `POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
        `GET /api/auth/me HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
        `GET /api/auth/me HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n`,
        `${fuzz.string()}\r\n\r\n`,
        `POST /api/conversations HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${mallory.token}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"type":`,
      ]);
      return new Promise((resolve) => {
        const socket = net.connect(Number(port), '127.0.0.1');
        let answer = '';
        const done = () => {
          const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
          if (status !== undefined) record(`raw ${JSON.stringify(garbage.slice(0, 120))}`, Number(status));
          socket.destroy();
          resolve();
        };
        socket.setTimeout(100, done);
        socket.on('data', (chunk: Buffer) => {
          answer += chunk.toString('latin1');
          if (answer.includes('\r\n\r\n')) done();
        });
        socket.on('error', done);
        socket.on('close', done);
        socket.end(garbage);
      });
    };

    const startedAt = Date.now();
    const phase = (name: string) => {
      process.stdout.write(`fuzz: ${name} after ${Date.now() - startedAt} ms\n`);
    };
    let nextHttp = 0;
    const httpWorkers = Array.from({ length: CONCURRENCY }, async () => {
      while (nextHttp < HTTP_REQUESTS) {
        nextHttp += 1;
        await oneRequest();
      }
    });
    let nextRaw = 0;
    const rawWorkers = Array.from({ length: 8 }, async () => {
      while (nextRaw < RAW_REQUESTS) {
        nextRaw += 1;
        await oneRawRequest();
      }
    });
    void Promise.all(rawWorkers).then(() => {
      phase('raw requests done');
    });
    void Promise.all(httpWorkers).then(() => {
      phase('HTTP requests done');
    });

    // Socket events: every event the client may send, with broken payloads, with and without an ack.
    const events = [
      'message:send',
      'typing:start',
      'typing:stop',
      'conversation:join',
      'sync',
      'unknown:event',
      'message:edit',
    ];
    let acked = 0;
    let nextEvent = 0;
    const socketWorkers = Array.from({ length: 4 }, async () => {
      let socket: ClientSocket | undefined;
      const ensureSocket = async () => {
        if (socket?.connected) return socket;
        socket?.close();
        const opening = openSocket(t.baseUrl, mallory.token);
        socket = opening;
        await new Promise<void>((resolve, reject) => {
          opening.once('connect', () => {
            resolve();
          });
          opening.once('connect_error', reject);
        });
        return opening;
      };
      while (nextEvent < SOCKET_EVENTS) {
        nextEvent += 1;
        // The input is drawn before any wait, so a seed always yields the same inputs in the same order.
        const event = fuzz.pick(events);
        const payload = fuzz.chance(0.7)
          ? fuzz.mutate({
              conversationId: fuzz.pick(ids.conversations),
              clientMessageId: randomUUID(),
              content: 'hello',
              since: 0,
            })
          : fuzz.value(3);
        const wantsAck = fuzz.chance(0.7) && ['message:send', 'conversation:join', 'sync'].includes(event);
        const client = await ensureSocket();
        const emitter = client as unknown as {
          emit: (...args: unknown[]) => void;
          timeout: (ms: number) => { emitWithAck: (...args: unknown[]) => Promise<unknown> };
        };
        if (!wantsAck) {
          emitter.emit(event, payload);
          continue;
        }
        try {
          const reply = (await emitter.timeout(10_000).emitWithAck(event, payload)) as {
            success?: boolean;
            error?: { code?: string };
          };
          acked += 1;
          if (reply.success === false && reply.error?.code === 'INTERNAL')
            failures.push({ what: `${event} ${JSON.stringify(payload).slice(0, 200)}`, status: 500 });
        } catch (error) {
          // A payload over the size cap closes the socket (no ack); anything else unanswered is a failure.
          if (JSON.stringify(payload).length < 60 * 1024 && client.connected) {
            anomalies.push({
              what: `${event} unanswered: ${JSON.stringify(payload).slice(0, 200)} (${String(error)})`,
              status: 0,
            });
          }
        }
      }
      socket?.close();
    });
    // The three kinds run at once, as they would against a real server.
    await Promise.all([...rawWorkers, ...httpWorkers, ...socketWorkers]);
    agent.destroy();
    phase('socket events done');

    expect(failures.slice(0, 10), `seed ${seed}`).toEqual([]);
    expect(unhandled, `seed ${seed}`).toEqual([]);
    // Still alive, still answering, and nothing it may not touch was touched.
    expect((await fetch(`${t.baseUrl}/health`)).status).toBe(200);
    expect(await forbiddenData(), `seed ${seed}`).toEqual(before);
    // About 3 events in 10 ask for an ack; most must have got one, or the socket part fuzzed nothing.
    expect(acked).toBeGreaterThan(SOCKET_EVENTS / 8);
    // Last, so the checks above report first: requests that got no answer at all. Under heavy machine
    // load runs have seen hang-ups, resets and "Data after Connection: close" on DELETEs with a body.
    expect(anomalies.slice(0, 10), `seed ${seed}: ${anomalies.length} requests got no answer`).toEqual([]);
  }, 300_000);
});
