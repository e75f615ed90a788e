import fs from 'node:fs';
import path from 'node:path';

export interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
}

/** The drizzle-kit journal of a migrations folder: the migrations in the order they apply. */
export function readJournal(migrationsFolder: string): { entries: JournalEntry[] } {
  return JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: JournalEntry[];
  };
}

/** A copy of a migrations folder holding only its first `count` migrations, to reach an older schema. */
export function migrationsUpTo(migrationsFolder: string, count: number, dir: string): string {
  const journal = readJournal(migrationsFolder);
  const folder = path.join(dir, `migrations-${count}`);
  fs.mkdirSync(path.join(folder, 'meta'), { recursive: true });
  const entries = journal.entries.slice(0, count);
  for (const entry of entries) {
    fs.copyFileSync(path.join(migrationsFolder, `${entry.tag}.sql`), path.join(folder, `${entry.tag}.sql`));
  }
  fs.writeFileSync(path.join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
  return folder;
}
