import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { ApiErrorBody } from '../../contract/errors.ts';

/**
 * How long a connection being closed still reads (and drops) what the client sends. Closing a socket
 * with unread bytes sends a TCP reset, and a client that had not read the answer yet (a busy one) would
 * lose it to "connection reset" instead of reading the 400.
 */
const LINGER_MS = 5_000;
/** Longest wait for the answers to the requests before the malformed one on the same connection. */
const EARLIER_ANSWERS_MAX_MS = 30_000;

interface ErrorAnswer {
  status: number;
  message: string;
}

/** Node's HTTP parser and request timer name what went wrong by these codes. */
function errorAnswerFor(error: NodeJS.ErrnoException): ErrorAnswer {
  if (error.code === 'HPE_HEADER_OVERFLOW') return { status: 431, message: 'Request headers too large' };
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return { status: 408, message: 'The request did not arrive in time' };
  return { status: 400, message: 'Malformed HTTP request' };
}

function rawAnswer({ status, message }: ErrorAnswer): string {
  const body: ApiErrorBody = { error: { code: 'BAD_REQUEST', message } };
  const text = JSON.stringify(body);
  return [
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Error'}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(text)}`,
    'X-Content-Type-Options: nosniff',
    'Connection: close',
    '',
    text,
  ].join('\r\n');
}

/**
 * What a connection gets when it sends bytes that are not HTTP (a broken request line, header or body
 * framing), headers over the limit, or a request that does not arrive in time: first the answers to the
 * requests it sent before on that connection, in order, then one JSON error (400, 431 or 408) with
 * `Connection: close`, and the server closes it.
 *
 * Fastify's default wrote its error at once and destroyed the socket: a valid request followed by garbage
 * in the same packet lost its own answer (the client read the 400 as that request's answer), an answer
 * already sent was followed by a second one the client never asked for, and the destroy could reset the
 * connection before the client read anything.
 */
export class MalformedRequestAnswers {
  /** The answers still being made on each connection, in the order of their requests. */
  private readonly pending = new WeakMap<Socket, Set<ServerResponse>>();
  /** Connections already being closed: the parser reports each later chunk as another error. */
  private readonly closing = new WeakSet<Socket>();

  /** Follows every request's answer (Socket.IO's too: call it after Socket.IO is attached). */
  track(server: Server): void {
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      const socket = request.socket;
      let answers = this.pending.get(socket);
      if (answers === undefined) {
        answers = new Set();
        this.pending.set(socket, answers);
      }
      const onConnection = answers;
      onConnection.add(response);
      response.once('close', () => onConnection.delete(response));
    });
  }

  /** Fastify's `clientErrorHandler`. */
  readonly onClientError = (error: NodeJS.ErrnoException, socket: Socket): void => {
    if (error.code === 'ECONNRESET' || socket.destroyed || this.closing.has(socket)) return;
    this.closing.add(socket);
    // A request still arriving is the malformed one (its body's framing broke, or it timed out): the error
    // is its answer, unless its own answer has already begun.
    const earlier = [...(this.pending.get(socket) ?? [])].filter(
      (response) => response.req.complete || response.headersSent,
    );
    let waiting = earlier.length;
    const giveUp = setTimeout(() => socket.destroy(), EARLIER_ANSWERS_MAX_MS);
    giveUp.unref();
    const answer = () => {
      clearTimeout(giveUp);
      if (socket.destroyed || !socket.writable) return;
      socket.end(rawAnswer(errorAnswerFor(error)));
      const linger = setTimeout(() => socket.destroy(), LINGER_MS);
      linger.unref();
      socket.once('close', () => {
        clearTimeout(linger);
      });
    };
    if (waiting === 0) {
      answer();
      return;
    }
    for (const response of earlier) {
      response.once('close', () => {
        waiting -= 1;
        if (waiting === 0) answer();
      });
    }
  };
}
