import { eq } from 'drizzle-orm';
import type { PgQueries } from './connection.ts';
import { conversations } from './schema.ts';

/**
 * How the rules that read then write stay true on Postgres (last admin, successor on leave, role change,
 * member limit, idempotent send): their transaction starts by locking the conversation's row
 * (SELECT … FOR UPDATE) at the default READ COMMITTED isolation. Every such rule on one conversation
 * therefore runs one after the other, and each statement after the lock sees what the previous holder
 * committed, exactly like SQLite's one-writer-at-a-time transactions. Chosen over SERIALIZABLE because
 * that would abort racing transactions (every caller would need a retry loop, and under a burst of sends
 * to one room most attempts would fail and retry), while the lock only queues writers of the same
 * conversation and leaves every other conversation, and all readers, untouched.
 * Returns false when the conversation does not exist.
 */
export async function lockConversation(tx: PgQueries, conversationId: string): Promise<boolean> {
  const rows = await tx
    .select({ id: conversations.id })
    .from(conversations)
    .where(eq(conversations.id, conversationId))
    .for('update');
  return rows.length > 0;
}
