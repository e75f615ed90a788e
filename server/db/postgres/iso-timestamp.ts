import { customType } from 'drizzle-orm/pg-core';

/**
 * A real `timestamptz` column (ordered, compared and indexed as time by Postgres) that the code reads and
 * writes as the same ISO-8601 UTC strings the SQLite schema stores, so both stores return identical
 * records. Millisecond precision, like `Date.prototype.toISOString`.
 */
export const isoTimestamp = customType<{ data: string; driverData: string | Date }>({
  dataType: () => 'timestamp (3) with time zone',
  toDriver: (value) => value,
  fromDriver: (value) => toIsoString(value),
});

/** Postgres prints `2026-01-02 03:04:05.678+00`; JavaScript wants `2026-01-02T03:04:05.678Z`. */
export function toIsoString(value: string | Date): string {
  if (value instanceof Date) return value.toISOString();
  return new Date(value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')).toISOString();
}
