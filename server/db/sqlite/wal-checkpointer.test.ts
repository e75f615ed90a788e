import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test-support/temp-dir.ts';
import { waitUntil } from '../../../test-support/wait-until.ts';
import { addGroup, addUser } from '../repository.contract.ts';
import type { ChatRepository } from '../repository.ts';
import { openSqliteRepository } from './repository.ts';
import { WRITES_PER_CHECKPOINT } from './wal-checkpoint-signal.ts';

// The checkpoint worker (wal-checkpointer.ts): the chat database's WAL reaches the database file without the
// event loop's connection checkpointing it, and closing leaves no worker and no WAL behind.

describe('the WAL checkpoint worker', () => {
  let dir = '';
  let repository: ChatRepository | undefined;
  afterEach(async () => {
    await repository?.close();
    repository = undefined;
    if (dir !== '') fs.rmSync(dir, { recursive: true, force: true });
    dir = '';
  });

  const sendMany = async (on: ChatRepository, count: number) => {
    const ann = await addUser(on, 'Ann');
    const group = await addGroup(on, [{ userId: ann.id, role: 'admin' }]);
    // Thirty at a time, as a busy server commits them: each batch is one group commit.
    for (let sent = 0; sent < count; sent += 30) {
      await Promise.all(
        Array.from({ length: 30 }, (_, index) =>
          on.insertMessage({
            id: randomUUID(),
            conversationId: group,
            senderId: ann.id,
            clientMessageId: randomUUID(),
            content: `message ${sent + index}`,
            originalLanguage: 'en',
            replyToId: null,
            createdAt: new Date().toISOString(),
          }),
        ),
      );
    }
  };

  it('copies the WAL into the database file once enough writes were committed', async () => {
    dir = makeTempDir('meeshy-checkpointer-');
    const file = path.join(dir, 'chat.sqlite');
    repository = openSqliteRepository(file);
    const before = fs.statSync(file).size;
    // Far fewer WAL pages than SQLite's own automatic checkpoint (1000) waits for: only the worker copies them.
    await sendMany(repository, WRITES_PER_CHECKPOINT + 60);
    expect(fs.statSync(`${file}-wal`).size).toBeLessThan(1000 * 4096);
    await waitUntil(() => fs.statSync(file).size > before, {
      what: 'the database file to grow by a checkpoint',
      timeoutMs: 10_000,
      lastSeen: () => `${fs.statSync(file).size} bytes`,
    });
    expect(fs.statSync(file).size).toBeGreaterThan(before);
  });

  it('leaves the WAL alone while fewer writes were committed', async () => {
    dir = makeTempDir('meeshy-checkpointer-');
    const file = path.join(dir, 'chat.sqlite');
    repository = openSqliteRepository(file);
    const before = fs.statSync(file).size;
    await sendMany(repository, 60);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(fs.statSync(file).size).toBe(before);
  });

  it("closes its connection before the repository's: the last connection removes the WAL", async () => {
    dir = makeTempDir('meeshy-checkpointer-');
    const file = path.join(dir, 'chat.sqlite');
    const opened = openSqliteRepository(file);
    await sendMany(opened, WRITES_PER_CHECKPOINT + 60);
    await opened.close();
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });
});
