// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import type { Ack } from '../../../../contract/events.ts';
import type { SyncPage } from '../../../../contract/messages.ts';
import type { SelfUser } from '../../../../contract/users.ts';
import type { MeeshySocket } from '../../lib/realtime/socket.ts';
import { resync } from './resync.ts';
import { SyncCursor } from './syncCursor.ts';

const self = { id: 'me', systemLanguage: 'en' } as SelfUser;

/** Answers each `sync` request with the next scripted reply, and records what was asked. */
function syncingSocket(replies: Ack<SyncPage>[]) {
  const asked: unknown[] = [];
  const socket = {
    timeout: () => ({
      emit: (_event: string, payload: unknown, ack: (err: Error | null, reply: Ack<SyncPage>) => void) => {
        asked.push(payload);
        const reply = replies.shift();
        if (reply === undefined) throw new Error('asked once more than scripted');
        ack(null, reply);
      },
    }),
  };
  return { socket: socket as unknown as MeeshySocket, asked };
}

const page = (cursor: number, hasMore: boolean): Ack<SyncPage> => ({
  success: true,
  data: { messages: [], cursor, hasMore },
});

beforeEach(() => {
  localStorage.clear();
});

describe('resync', () => {
  it('asks page after page from the cursor, and keeps the cursor for the next start', async () => {
    const { socket, asked } = syncingSocket([page(5, true), page(9, false)]);
    await resync(socket, new SyncCursor(self.id), () => self);
    expect(asked).toEqual([{ since: 0 }, { since: 5 }]);
    expect(new SyncCursor(self.id).value).toBe(9);
  });

  it('leaves the cursor where it was when the server refuses', async () => {
    new SyncCursor(self.id).save(4);
    const { socket, asked } = syncingSocket([
      { success: false, error: { code: 'INTERNAL', message: 'trouble' } },
    ]);
    await resync(socket, new SyncCursor(self.id), () => self);
    expect(asked).toEqual([{ since: 4 }]);
    expect(new SyncCursor(self.id).value).toBe(4);
  });
});

describe('SyncCursor', () => {
  it('starts from an earlier point for this run only, without storing it', () => {
    const cursor = new SyncCursor(self.id);
    cursor.save(7);
    cursor.startFrom(3);
    expect(cursor.value).toBe(3);
    expect(new SyncCursor(self.id).value).toBe(7);
  });
});
