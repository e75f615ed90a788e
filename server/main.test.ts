import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { retryBurst, sendBurstUntilKilled } from '../test-support/burst.ts';
import { allMessages } from '../test-support/history.ts';
import { api } from '../test-support/http-client.ts';
import { type ServerProcess, startServerProcess } from '../test-support/server-process.ts';
import { OpenSockets } from '../test-support/sockets.ts';
import { makeTempDir } from '../test-support/temp-dir.ts';
import { registerOverHttp, signInOverHttp } from '../test-support/users.ts';

describe('the headless server process', () => {
  const dataDirs: string[] = [];
  const processes: ServerProcess[] = [];
  const sockets = new OpenSockets();
  const start = async (dataDir: string) => {
    const server = await startServerProcess(dataDir);
    processes.push(server);
    return server;
  };
  afterEach(() => {
    sockets.closeAll();
    for (const server of processes.splice(0)) server.kill('SIGKILL');
    for (const dir of dataDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  const newDataDir = () => {
    const dir = makeTempDir('meeshy-main-');
    dataDirs.push(dir);
    return dir;
  };

  it('killed with SIGKILL in the middle of a burst of sends, loses no acknowledged message', async () => {
    const dataDir = newDataDir();
    let server = await start(dataDir);
    const session = await registerOverHttp(server.url, 'burst');
    const socket = await sockets.connect(server.url, session.accessToken);

    const total = 400;
    const clientIds = Array.from({ length: total }, () => randomUUID());
    let killed = false;
    const acked = await sendBurstUntilKilled(socket, clientIds, 60, () => {
      killed = true;
      server.kill('SIGKILL');
    });
    await server.exited;
    expect(killed).toBe(true);
    expect(acked.size).toBeGreaterThanOrEqual(60);
    expect(acked.size).toBeLessThan(total); // the kill really landed mid-burst

    server = await start(dataDir);
    const relogin = await signInOverHttp(server.url, 'burst');
    const stored = await allMessages(server.url, relogin.accessToken, 'global');
    const storedIds = new Map(stored.map((message) => [message.clientMessageId, message.id]));
    for (const [clientMessageId, messageId] of acked) expect(storedIds.get(clientMessageId)).toBe(messageId);

    // The client retries everything it is unsure of: each message ends up stored exactly once.
    const retrySocket = await sockets.connect(server.url, relogin.accessToken);
    await retryBurst(retrySocket, clientIds, acked);
    const final = await allMessages(server.url, relogin.accessToken, 'global');
    expect(final).toHaveLength(total);
    expect(new Set(final.map((message) => message.clientMessageId)).size).toBe(total);
    const seqs = final.map((message) => message.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('stops cleanly on SIGTERM and SIGINT, keeping every message, and reuses its generated secret', async () => {
    const dataDir = newDataDir();
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const server = await start(dataDir);
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const session =
        signal === 'SIGTERM'
          ? await registerOverHttp(server.url, 'quitter')
          : await signInOverHttp(server.url, 'quitter');
      await api(
        `${server.url}/api/conversations/global/messages`,
        'POST',
        {
          clientMessageId: randomUUID(),
          content: `before ${signal}`,
        },
        session.accessToken,
      );
      server.kill(signal);
      expect((await server.exited).code).toBe(0);
    }
    const secrets = JSON.parse(fs.readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')) as {
      jwtSecret: string;
    };
    expect(secrets.jwtSecret.length).toBeGreaterThanOrEqual(48);
    // The WAL was folded into the database file on the way out.
    const wal = path.join(dataDir, 'db', 'meeshy.sqlite-wal');
    expect(fs.existsSync(wal) ? fs.statSync(wal).size : 0).toBe(0);

    const server = await start(dataDir);
    const session = await signInOverHttp(server.url, 'quitter');
    const messages = await allMessages(server.url, session.accessToken, 'global');
    expect(messages.map((message) => message.content)).toEqual(['before SIGTERM', 'before SIGINT']);
  });

  it('refuses to start with a weak signing secret and says why', async () => {
    await expect(startServerProcess(newDataDir(), [], { MEESHY_JWT_SECRET: 'changeme' })).rejects.toThrow(
      /JWT signing secret is a default/,
    );
  });
});
