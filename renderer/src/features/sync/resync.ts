import type { Ack } from '../../../../contract/events.ts';
import type { SyncPage } from '../../../../contract/messages.ts';
import type { SelfUser } from '../../../../contract/users.ts';
import { request, type MeeshySocket } from '../../lib/realtime/socket.ts';
import { ACK_TIMEOUT_MS } from './ackTimeout.ts';
import { ingestMessage } from './ingest.ts';
import type { SyncCursor } from './syncCursor.ts';

/**
 * Catches up with every change since the cursor, page by page. Only sync pages move the cursor, never live
 * events: an event for version V says nothing about the changes below V this socket may have missed while
 * it was away.
 */
export async function resync(
  socket: MeeshySocket,
  cursor: SyncCursor,
  self: () => SelfUser | null,
): Promise<void> {
  for (;;) {
    const reply: Ack<SyncPage> = await request(socket, 'sync', { since: cursor.value }, ACK_TIMEOUT_MS);
    if (!reply.success) return;
    const reader = self();
    if (reader !== null) for (const m of reply.data.messages) ingestMessage(m, reader);
    cursor.save(Math.max(cursor.value, reply.data.cursor, ...reply.data.messages.map((m) => m.version)));
    if (!reply.data.hasMore) return;
  }
}
