import type { OutgoingHttpHeaders } from 'node:http';
import { routes } from '../contract/routes.ts';
import type { Fuzz } from './fuzz-values.ts';

/** What the fuzzer knows of the server it attacks: real ids to put in paths, and its own sign-in. */
export interface FuzzTarget {
  port: number;
  token: string;
  conversationIds: readonly string[];
  ids: readonly string[];
}

/** Plausible bodies per route, which the fuzzer breaks in every way it can. */
const BODY_TEMPLATES: Record<string, Record<string, unknown>> = {
  register: { username: 'mallory2', email: 'm2@example.test', password: 'correct horse battery' },
  login: { username: 'someone', password: 'guess' },
  refresh: { refreshToken: 'x'.repeat(43) },
  logout: { refreshToken: 'x'.repeat(43) },
  updateMe: { displayName: 'Mallory', systemLanguage: 'fr' },
  grantServerRole: { role: 'operator' },
  createConversation: { type: 'group', title: 'Fuzz', memberIds: [] },
  updateConversation: { title: 'Renamed' },
  addMembers: { userIds: [], role: 'member' },
  setMemberRole: { role: 'admin' },
  sendMessage: { clientMessageId: '00000000-0000-4000-8000-000000000000', content: 'hi' },
  editMessage: { content: 'edited' },
  addReaction: { emoji: '👍' },
  markRead: { messageId: 'x' },
  translate: { text: 'hello', targetLanguage: 'fr' },
  downloadModel: { acceptLicense: true },
  createShareLink: { expiresInSeconds: 3600, maxUses: 5 },
  joinAsGuest: { displayName: 'Guest', language: 'en' },
};

/** Over the server's 64 KiB body and socket frame limits. */
const OVERSIZED_BYTES = [70 * 1024, 256 * 1024];

/** Percent-encoded for a URL path; a lone surrogate becomes the bytes of one, which is invalid UTF-8. */
function encodedForPath(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}

export interface HttpInput {
  method: string;
  path: string;
  headers: OutgoingHttpHeaders;
  body?: string | Buffer;
  /** One line that names the input in a failure report. */
  what: string;
}

/** A request as a buggy or hostile HTTP client would send it: every route, broken every way. */
export function drawHttpInput(fuzz: Fuzz, target: FuzzTarget): HttpInput {
  const routeList = Object.entries(routes);
  const pathParam = () =>
    fuzz.chance(0.6)
      ? fuzz.pick(target.ids)
      : encodedForPath(fuzz.string()).slice(0, fuzz.pick([10, 200, 5000]));
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
  const headers: OutgoingHttpHeaders = { host: `127.0.0.1:${target.port}` };
  const auth = fuzz.int(10);
  if (auth < 7) headers.authorization = `Bearer ${target.token}`;
  else if (auth === 7)
    headers.authorization = `Bearer ${fuzz
      .string()
      .replace(/[^\x21-\x7e]/g, 'x')
      .slice(0, 2000)}`;
  else if (auth === 8)
    headers.authorization = fuzz.pick(['Bearer', 'Basic abc', 'Bearer a.b.c', `Bearer ${target.token}x`]);
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
    else if (bodyKind === 8 && fuzz.chance(0.1)) body = Buffer.alloc(fuzz.pick(OVERSIZED_BYTES), 0x7b);
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
    // Framed, as every client framing its body does: Node's own client sends a DELETE's or an OPTIONS'
    // body with no length at all, which the server reads as a next request (the raw inputs send that).
    headers['content-length'] = Buffer.byteLength(body);
  }
  const shownBody = typeof body === 'string' ? body.slice(0, 200) : `<${body?.length ?? 0} bytes>`;
  return { method, path, headers, body, what: `${method} ${path.slice(0, 200)} ${shownBody}` };
}

/**
 * Bytes no HTTP client library would send: broken request lines, headers and framing. Each one asks the
 * server to close the connection after its answers (`Connection: close`, or a parse error), so each must
 * get at least one answer, only the last one saying `Connection: close`, and then a clean close.
 */
export interface RawInput {
  bytes: string;
  /** Whether the client closes its side after the bytes (the end of its body). */
  halfClose: boolean;
  /**
   * The bytes are a request followed by a body without framing: the request's own answer must come first,
   * before the 400 for the body read as a next request (unless that answer already closed the connection).
   */
  strayBody?: boolean;
}

export function drawRawInput(fuzz: Fuzz, target: FuzzTarget): RawInput {
  const host = `Host: 127.0.0.1:${target.port}`;
  const signedIn = `Authorization: Bearer ${target.token}`;
  const kind = fuzz.int(10);
  switch (kind) {
    case 0:
      return { bytes: `GET /\u0000 HTTP/1.1\r\n${host}\r\n\r\n`, halfClose: false };
    case 1:
      return {
        bytes: `POST /api/auth/login HTTP/1.1\r\n${host}\r\nContent-Length: 10\r\nContent-Length: 5\r\n\r\n{}`,
        halfClose: false,
      };
    case 2:
      return {
        bytes: `POST /api/auth/login HTTP/1.1\r\n${host}\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
        halfClose: false,
      };
    case 3:
      return {
        bytes: `GET /api/auth/me HTTP/1.1\r\n${host}\r\nX-Big: ${'a'.repeat(fuzz.pick([17_000, 40_000]))}\r\n\r\n`,
        halfClose: false,
      };
    case 4:
      return { bytes: `GET /api/auth/me HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n`, halfClose: false };
    case 5: {
      // A body cut short: the client closes its side before the announced length arrived.
      const body = JSON.stringify(fuzz.mutate(BODY_TEMPLATES.createConversation ?? {}));
      return {
        bytes: `POST /api/conversations HTTP/1.1\r\n${host}\r\n${signedIn}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body) + 1 + fuzz.int(100)}\r\n\r\n${body}`,
        halfClose: true,
      };
    }
    case 6:
    case 7: {
      // A DELETE whose body has no framing (what Node's http client sends): its answer, then a 400 for
      // the body read as a next request.
      const conversationId = fuzz.pick(target.conversationIds);
      const messageId = fuzz.chance(0.5) ? fuzz.pick(target.ids) : '%ED%A0%80';
      const body = JSON.stringify(fuzz.mutate({ userId: 'x' }));
      return {
        bytes: `DELETE /api/conversations/${conversationId}/messages/${messageId} HTTP/1.1\r\n${host}\r\n${signedIn}\r\nContent-Type: application/json\r\nConnection: keep-alive\r\n\r\n${body}`,
        halfClose: false,
        strayBody: true,
      };
    }
    default: {
      // A request line and a header built from hostile strings.
      const method = fuzz.pick(['GET', 'POST', 'BREW', 'get', fuzz.string()]);
      const version = fuzz.pick(['HTTP/1.1', 'HTTP/1.0', 'HTTP/9.9', 'HTTP/1.1x', '']);
      const header = `${fuzz.pick(['X-Fuzz', 'Content-Length', 'Transfer-Encoding', fuzz.string()])}: ${fuzz.string()}`;
      return {
        bytes: `${method} /${fuzz.string()} ${version}\r\n${host}\r\n${header}\r\nConnection: close\r\n\r\n`,
        halfClose: false,
      };
    }
  }
}

export interface SocketInput {
  event: string;
  payload: unknown;
  wantsAck: boolean;
  /** Over the frame limit: the server closes the socket instead of answering. */
  oversized: boolean;
}

const SOCKET_EVENTS = [
  'message:send',
  'typing:start',
  'typing:stop',
  'conversation:join',
  'sync',
  'unknown:event',
  'message:edit',
];
const ACKED_EVENTS = ['message:send', 'conversation:join', 'sync'];
/** Below the 64 KiB frame limit with room for Socket.IO's framing. */
const SOCKET_PAYLOAD_MAX = 48 * 1024;

/** Every event the client may send (and one it may not), with broken payloads, with and without an ack. */
export function drawSocketInput(fuzz: Fuzz, target: FuzzTarget, clientMessageId: string): SocketInput {
  const event = fuzz.pick(SOCKET_EVENTS);
  if (fuzz.chance(0.003))
    return {
      event,
      payload: { content: 'x'.repeat(fuzz.pick(OVERSIZED_BYTES)) },
      wantsAck: false,
      oversized: true,
    };
  let payload = fuzz.chance(0.7)
    ? fuzz.mutate({
        conversationId: fuzz.pick(target.conversationIds),
        clientMessageId,
        content: 'hello',
        since: 0,
      })
    : fuzz.value(3);
  // Deep values now and then grow past the frame limit: cut down to stay an answered input.
  if (Buffer.byteLength(JSON.stringify(payload)) > SOCKET_PAYLOAD_MAX) payload = fuzz.string().slice(0, 1000);
  const wantsAck = fuzz.chance(0.7) && ACKED_EVENTS.includes(event);
  return { event, payload, wantsAck, oversized: false };
}
