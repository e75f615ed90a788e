import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawExchange, type ParsedResponse, type RawExchange } from '../../test-support/raw-bytes.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';
import { registerUser, type TestUser } from '../../test-support/users.ts';

/** The answer to bytes that are not HTTP: our JSON error, and the connection announced closed. */
function expectClosingError(response: ParsedResponse | undefined, status: number): void {
  expect(response?.status).toBe(status);
  expect(response?.headers.connection).toBe('close');
  expect(JSON.parse(response?.body ?? '{}')).toMatchObject({ error: { code: 'BAD_REQUEST' } });
}

/** A single answer, the error, and the server closed the connection after it. */
function expectOnlyClosingError(exchange: RawExchange, status: number): void {
  expect(exchange.responses).toHaveLength(1);
  expectClosingError(exchange.responses[0], status);
  expect(exchange.ending).toBe('closed');
}

describe('malformed bytes on a connection (found by the fuzz test, issue 12)', () => {
  let t: TestApp;
  let port = 0;
  let host = '';
  let user: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    await t.listen();
    port = Number(new URL(t.baseUrl).port);
    host = `Host: 127.0.0.1:${port}`;
    user = await registerUser(t.app);
  });
  afterAll(async () => {
    await t.close();
  });

  it('a DELETE with an unframed body and a bad path: its 400, then one 400 for the stray body, then close', async () => {
    // What Node's http client sends for a DELETE with a body and no Content-Length: the body has no framing,
    // so the server reads it as the start of a next request. The fuzz client saw a second answer it could
    // not place ("Data after Connection: close").
    const exchange = await rawExchange(
      port,
      `DELETE /api/conversations/%ED%A0%80 HTTP/1.1\r\n${host}\r\nContent-Type: application/json\r\n\r\n{"a":1}`,
    );
    expect(exchange.responses).toHaveLength(2);
    expect(exchange.responses[0]?.status).toBe(400);
    expect(exchange.responses[0]?.headers.connection).toBe('keep-alive');
    expectClosingError(exchange.responses[1], 400);
    expect(exchange.rest).toBe('');
    expect(exchange.ending).toBe('closed');
  });

  it('a signed-in DELETE with a JSON type and an unframed body: its own 400 closes the connection, and nothing follows', async () => {
    // Fastify parses the DELETE's (empty) JSON body, answers 400 with Connection: close; the stray body
    // is never answered. The client saw a second answer after that one.
    const exchange = await rawExchange(
      port,
      `DELETE /api/conversations/global/messages/0d3c77cb-8db0-43d5-99f2-5a17b3b6cba0 HTTP/1.1\r\n${host}\r\nAuthorization: ${user.auth.authorization}\r\nContent-Type: application/json\r\nConnection: keep-alive\r\n\r\n{"userId":"x"}`,
    );
    expect(exchange.responses).toHaveLength(1);
    expect(exchange.responses[0]?.headers.connection).toBe('close');
    expect(JSON.parse(exchange.responses[0]?.body ?? '{}')).toMatchObject({
      error: { code: 'MALFORMED_JSON' },
    });
    expect(exchange.rest).toBe('');
    expect(exchange.ending).toBe('closed');
  });

  it('a valid request followed by garbage in the same packet gets its own answer first', async () => {
    // /health writes to the database, so its answer is still being made when the garbage is parsed;
    // Fastify's default answered 400 at once in its place and dropped the connection.
    const exchange = await rawExchange(port, `GET /health HTTP/1.1\r\n${host}\r\n\r\n\u0001garbage\r\n\r\n`);
    expect(exchange.responses.map((response) => response.status)).toEqual([200, 400]);
    expect(JSON.parse(exchange.responses[0]?.body ?? '{}')).toMatchObject({ status: 'ok' });
    expectClosingError(exchange.responses[1], 400);
    expect(exchange.ending).toBe('closed');
  });

  it('pipelined valid requests before the garbage are all answered, in order', async () => {
    const exchange = await rawExchange(
      port,
      `GET /health HTTP/1.1\r\n${host}\r\n\r\nGET /api/nothing HTTP/1.1\r\n${host}\r\n\r\nGET /health HTTP/1.1\r\n${host}\r\n\r\nBROKEN\r\n\r\n`,
    );
    expect(exchange.responses.map((response) => response.status)).toEqual([200, 404, 200, 400]);
    expectClosingError(exchange.responses[3], 400);
  });

  it('a DELETE with a framed body and a bad path: one 400, and the connection stays usable', async () => {
    const exchange = await rawExchange(
      port,
      `DELETE /api/conversations/%ED%A0%80 HTTP/1.1\r\n${host}\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{"a":1}` +
        `GET /health HTTP/1.1\r\n${host}\r\nConnection: close\r\n\r\n`,
    );
    expect(exchange.responses.map((response) => response.status)).toEqual([400, 200]);
    expect(exchange.ending).toBe('closed');
  });

  it.each([
    ['a broken chunk size', `Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`],
    ['two different Content-Lengths', `Content-Length: 10\r\nContent-Length: 5\r\n\r\n{}`],
    ['a header line without a colon', `Content-Length 2\r\n\r\n{}`],
  ])('%s: one 400 with Connection: close, then close', async (_name, rest) => {
    const exchange = await rawExchange(
      port,
      `POST /api/auth/login HTTP/1.1\r\n${host}\r\nContent-Type: application/json\r\n${rest}`,
    );
    expectOnlyClosingError(exchange, 400);
  });

  it('a body cut short by the client closing its side: 400, then close', async () => {
    const exchange = await rawExchange(
      port,
      `POST /api/auth/login HTTP/1.1\r\n${host}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"username":`,
      { halfClose: true },
    );
    expectOnlyClosingError(exchange, 400);
  });

  it('headers over the limit: 431, then close', async () => {
    const exchange = await rawExchange(
      port,
      `GET /health HTTP/1.1\r\n${host}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expectOnlyClosingError(exchange, 431);
  });

  it('a client that keeps sending after the 400 still reads it, and is cut off after a short linger', async () => {
    const exchange = await rawExchange(
      port,
      Buffer.concat([Buffer.from(`\u0001 / HTTP/1.1\r\n${host}\r\n\r\n`), Buffer.alloc(256 * 1024, 0x61)]),
    );
    expect(exchange.responses).toHaveLength(1);
    expectClosingError(exchange.responses[0], 400);
    expect(exchange.ending).not.toBe('still open');
  });
});
