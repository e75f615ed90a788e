import net from 'node:net';

export interface ParsedResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

export interface RawExchange {
  responses: ParsedResponse[];
  /** Bytes after the last complete response (an answer cut short). */
  rest: string;
  /** How the connection ended: the server closed it, reset it, or it was still open at the deadline. */
  ending: 'closed' | 'reset' | 'still open';
}

/** Splits the bytes a server wrote into its answers, framed by Content-Length as ours are. */
export function parseResponses(bytes: string): { responses: ParsedResponse[]; rest: string } {
  const responses: ParsedResponse[] = [];
  let rest = bytes;
  for (;;) {
    const headEnd = rest.indexOf('\r\n\r\n');
    if (headEnd === -1) break;
    const [statusLine = '', ...headerLines] = rest.slice(0, headEnd).split('\r\n');
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1];
    if (status === undefined) break;
    const headers: Record<string, string> = {};
    for (const line of headerLines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers['content-length'] ?? '0');
    const bodyStart = headEnd + 4;
    if (rest.length < bodyStart + length) break;
    responses.push({ status: Number(status), headers, body: rest.slice(bodyStart, bodyStart + length) });
    rest = rest.slice(bodyStart + length);
  }
  return { responses, rest };
}

/**
 * Writes `bytes` on a fresh connection exactly as given (no client library framing or fixing them),
 * optionally half-closes it, and reads until the server closes it or `waitMs` passes.
 */
export function rawExchange(
  port: number,
  bytes: string | Buffer,
  options: { halfClose?: boolean; waitMs?: number } = {},
): Promise<RawExchange> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let ending: RawExchange['ending'] = 'closed';
    const deadline = setTimeout(() => {
      ending = 'still open';
      socket.destroy();
    }, options.waitMs ?? 20_000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') ending = 'reset';
    });
    socket.on('close', () => {
      clearTimeout(deadline);
      resolve({ ...parseResponses(Buffer.concat(chunks).toString('latin1')), ending });
    });
    if (options.halfClose === true) socket.end(bytes);
    else socket.write(bytes);
  });
}
