import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConversationSummary } from '../../contract/conversations.ts';
import { api } from '../../test-support/http-client.ts';
import { startServerProcess, type ServerProcess } from '../../test-support/server-process.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';
import { connectSocket } from '../../test-support/sockets.ts';
import { makeTempDir } from '../../test-support/temp-dir.ts';
import { registerOverHttp, registerUser } from '../../test-support/users.ts';
import { GrpcTranslatorClient, type TranslatorClient } from './translator-client.ts';

/** A translator address that takes each TCP connection and drops it at once, counting the attempts. */
async function droppingAddress(): Promise<{ address: string; attempts: () => number; close: () => void }> {
  let attempts = 0;
  const server = net.createServer((socket) => {
    attempts += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { address: `127.0.0.1:${port}`, attempts: () => attempts, close: () => server.close() };
}

/** The real client, with a count of the calls the server makes on it. */
function countingCalls(client: TranslatorClient): { client: TranslatorClient; calls: () => number } {
  let calls = 0;
  const counted = new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || property === 'close') return value;
      return (...args: unknown[]) => {
        calls += 1;
        return (value as (...params: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { client: counted, calls: () => calls };
}

describe('a translator that is down', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('costs the chat nothing per message: calls and connection attempts follow time, not sends', async () => {
    const translator = await droppingAddress();
    cleanups.push(translator.close);
    const grpcClient = new GrpcTranslatorClient(translator.address);
    cleanups.push(() => {
      grpcClient.close();
    });
    const counted = countingCalls(grpcClient);
    const app: TestApp = await createTestApp({ translator: counted.client });
    cleanups.push(() => app.close());
    await app.app.ready();
    const alice = await registerUser(app.app);
    const bob = await registerUser(app.app);
    const conversation = (
      await app.app.inject({
        method: 'POST',
        url: '/api/conversations',
        headers: alice.auth,
        payload: { type: 'direct', memberIds: [bob.id] },
      })
    ).json<ConversationSummary>();

    const started = Date.now();
    const callsBefore = counted.calls();
    const attemptsBefore = translator.attempts();
    const messages = 400;
    for (let i = 0; i < messages; i += 1) {
      const response = await app.app.inject({
        method: 'POST',
        url: `/api/conversations/${conversation.id}/messages`,
        headers: alice.auth,
        payload: { clientMessageId: randomUUID(), content: `message ${i}` },
      });
      expect(response.statusCode).toBe(201);
      // A turn of the event loop per send, as sends over the network get: wake-ups may run in between.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const seconds = (Date.now() - started) / 1000;
    const calls = counted.calls() - callsBefore;
    const attempts = translator.attempts() - attemptsBefore;
    // The orchestrator polls twice a second, the Models stream is re-opened once a second, and the channel
    // reconnects on its own backoff (from 250 ms): all bounded by the time spent, whatever the sends
    // (with slack for timers that a loaded machine fires late). Before, every send asked the translator.
    expect(calls).toBeLessThanOrEqual(Math.ceil(seconds * 4) + 10);
    expect(attempts).toBeLessThanOrEqual(Math.ceil(seconds * 4) + 10);
    expect(calls).toBeLessThan(messages / 8);
  });

  describe('the server process', () => {
    const processes: ServerProcess[] = [];
    afterEach(() => {
      for (const server of processes.splice(0)) server.kill('SIGKILL');
    });

    it('stops within a couple of seconds of SIGINT', async () => {
      const translator = await droppingAddress();
      cleanups.push(translator.close);
      const dataDir = makeTempDir('meeshy-down-');
      cleanups.push(() => {
        fs.rmSync(dataDir, { recursive: true, force: true });
      });
      const server = await startServerProcess(dataDir, ['--translator', translator.address]);
      processes.push(server);
      const alice = await registerOverHttp(server.url, `down${Date.now()}`);
      for (let i = 0; i < 20; i += 1) {
        await api(
          `${server.url}/api/conversations/global/messages`,
          'POST',
          { clientMessageId: randomUUID(), content: `message ${i}` },
          alice.accessToken,
        );
      }
      // Stopped in the middle of a stream of sends from an open socket, as a user quitting the app.
      const socket = await connectSocket(server.url, alice.accessToken);
      cleanups.push(() => {
        socket.close();
      });
      const sending = setInterval(() => {
        socket.emit(
          'message:send',
          { conversationId: 'global', clientMessageId: randomUUID(), content: 'still typing' },
          () => undefined,
        );
      }, 2);
      cleanups.push(() => {
        clearInterval(sending);
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      const stopping = Date.now();
      server.kill('SIGINT');
      const exit = await server.exited;
      expect(Date.now() - stopping).toBeLessThan(2500);
      expect(exit.code).toBe(0);
    });
  });
});
