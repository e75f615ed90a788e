import { eq, sql } from 'drizzle-orm';
import type { SqliteDb } from './connection.ts';
import { changeCounter } from './schema.ts';

const incrementedCounter = sql`${changeCounter.value} + 1`;

/** Hands out the next value of the change counter; must run inside the caller's write transaction. */
export function nextChange(db: SqliteDb): number {
  const [row] = db
    .update(changeCounter)
    .set({ value: incrementedCounter })
    .where(eq(changeCounter.id, 1))
    .returning({ value: changeCounter.value })
    .all();
  if (!row) throw new Error('change counter row is missing: migrations were not applied');
  return row.value;
}
