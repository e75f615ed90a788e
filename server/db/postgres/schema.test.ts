import { getTableConfig as pgTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { expect, it } from 'vitest';
import * as sqliteSchema from '../sqlite/schema.ts';
import * as pgSchema from './schema.ts';

// The two schemas must stay twins: the same tables, columns, nullability, keys and index names. Only the
// column types differ (Postgres-native ones), plus `added_order`, Postgres's stand-in for SQLite's rowid.
const POSTGRES_ONLY_COLUMNS = new Set(['conversation_members.added_order']);

const isTable = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && Symbol.for('drizzle:IsDrizzleTable') in value;

interface TableShape {
  columns: Record<string, { notNull: boolean; primary: boolean; references: boolean }>;
  indexes: string[];
  primaryKeys: string[][];
}

function shape(config: {
  name: string;
  columns: { name: string; notNull: boolean; primary: boolean }[];
  indexes: { config: { name?: string } }[];
  primaryKeys: { columns: { name: string }[] }[];
  foreignKeys: { reference: () => { columns: { name: string }[] } }[];
}): [string, TableShape] {
  const referencing = new Set(
    config.foreignKeys.flatMap((key) => key.reference().columns.map((c) => c.name)),
  );
  return [
    config.name,
    {
      columns: Object.fromEntries(
        config.columns
          .filter((column) => !POSTGRES_ONLY_COLUMNS.has(`${config.name}.${column.name}`))
          .map((column) => [
            column.name,
            { notNull: column.notNull, primary: column.primary, references: referencing.has(column.name) },
          ]),
      ),
      indexes: config.indexes.map((index) => index.config.name ?? '').sort(),
      primaryKeys: config.primaryKeys.map((key) => key.columns.map((column) => column.name)),
    },
  ];
}

it('the Postgres schema mirrors the SQLite schema table for table and column for column', () => {
  const sqliteTables = Object.fromEntries(
    Object.values(sqliteSchema)
      .filter(isTable)
      .map((table) => shape(sqliteTableConfig(table as SQLiteTable))),
  );
  const pgTables = Object.fromEntries(
    Object.values(pgSchema)
      .filter(isTable)
      .map((table) => shape(pgTableConfig(table as PgTable))),
  );
  expect(Object.keys(sqliteTables)).toHaveLength(14);
  expect(Object.keys(pgTables).sort()).toEqual(Object.keys(sqliteTables).sort());
  expect(pgTables).toEqual(sqliteTables);
});
