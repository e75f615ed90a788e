import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRepository } from '../db/repository.ts';
import { openSqliteRepository } from '../db/sqlite/repository.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';
import { directConversation, registerUser } from '../../test-support/users.ts';

const at = (ms: number) => new Date(Date.UTC(2030, 0, 1) + ms).toISOString();

describe('translation job claims between replicas sharing one database', () => {
  let t: TestApp;
  let replicaA: ChatRepository;
  let replicaB: ChatRepository;

  beforeEach(async () => {
    // No translator: the stored messages' jobs wait, unclaimed.
    t = await createTestApp();
    const [ann, bob] = [await registerUser(t.app), await registerUser(t.app)];
    const conversationId = await directConversation(t.app, ann, bob);
    for (const content of ['one', 'two', 'three']) {
      await t.app.inject({
        method: 'POST',
        url: `/api/conversations/${conversationId}/messages`,
        headers: ann.auth,
        payload: { content, clientMessageId: randomUUID() },
      });
    }
    const file = path.join(t.dataDir, 'meeshy.sqlite');
    [replicaA, replicaB] = [openSqliteRepository(file), openSqliteRepository(file)];
  });
  afterEach(async () => {
    await replicaA.close();
    await replicaB.close();
    await t.close();
  });

  const claim = (repository: ChatRepository, owner: string, nowMs: number, limit = 10) =>
    repository.claimTranslationJobs({
      owner,
      now: at(nowMs),
      leaseUntil: at(nowMs + 30_000),
      limit,
      exclude: [],
    });

  it('a job claimed by one replica is not handed to another while its lease runs', async () => {
    const first = await claim(replicaA, 'a', 0, 2);
    const second = await claim(replicaB, 'b', 1000);
    expect(first).toHaveLength(2);
    expect(second).toHaveLength(1);
    expect(new Set([...first, ...second].map((job) => job.id)).size).toBe(3);
    expect(await claim(replicaB, 'b', 2000)).toEqual([]);
  });

  it('claims racing from two connections never share a job', async () => {
    const [x, y] = await Promise.all([claim(replicaA, 'a', 0), claim(replicaB, 'b', 0)]);
    expect(x.length + y.length).toBe(3);
    expect(new Set([...x, ...y].map((job) => job.id)).size).toBe(3);
  });

  it('the jobs of a replica that died are taken over once its lease expired; a renewed lease keeps them', async () => {
    const held = await claim(replicaA, 'a', 0);
    expect(held).toHaveLength(3);
    await replicaA.renewTranslationJobClaims('a', at(60_000));
    expect(await claim(replicaB, 'b', 45_000)).toEqual([]);
    const takenOver = await claim(replicaB, 'b', 60_000);
    expect(takenOver.map((job) => job.id).sort()).toEqual(held.map((job) => job.id).sort());
  });

  it('a rescheduled job is released for any replica; a server alone releases every claim at start', async () => {
    const [job] = await claim(replicaA, 'a', 0, 1);
    if (!job) throw new Error('no job');
    await replicaA.rescheduleTranslationJob(job.id, 1, at(1000), 'translator busy');
    expect((await claim(replicaB, 'b', 2000)).map((claimed) => claimed.id)).toContain(job.id);
    await replicaA.releaseTranslationJobClaims();
    expect(await claim(replicaA, 'a', 3000)).toHaveLength(3);
  });
});
