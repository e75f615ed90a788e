import { eq, sql } from 'drizzle-orm';
import type { PgQueries } from './connection.ts';
import { changeCounter } from './schema.ts';

const incrementedCounter = sql`${changeCounter.value} + 1`;

/**
 * Hands out the next value of the change counter; must run inside the caller's transaction. The UPDATE
 * locks the counter's row until that transaction ends, so numbers are committed in the order they are
 * handed out: a client resyncing "after version N" can never miss a change that commits later with a
 * smaller number (which a Postgres sequence would allow).
 */
export async function nextChange(db: PgQueries): Promise<number> {
  const [row] = await db
    .update(changeCounter)
    .set({ value: incrementedCounter })
    .where(eq(changeCounter.id, 1))
    .returning({ value: changeCounter.value });
  if (!row) throw new Error('change counter row is missing: migrations were not applied');
  return row.value;
}

/**
 * Takes the counter's lock without moving it, as the first step of a transaction that will call
 * `nextChange` after locking other rows. Every transaction then takes the locks in one order (a
 * conversation, the counter, the rest), so two of them never wait on each other (no deadlock).
 */
export async function lockChangeCounter(db: PgQueries): Promise<void> {
  await db.select({ id: changeCounter.id }).from(changeCounter).where(eq(changeCounter.id, 1)).for('update');
}
