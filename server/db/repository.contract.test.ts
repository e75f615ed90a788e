import path from 'node:path';
import fs from 'node:fs';
import { afterAll } from 'vitest';
import { describeWithPostgres, usePostgres } from '../../test-support/postgres.ts';
import { makeTempDir } from '../../test-support/temp-dir.ts';
import { openPostgresRepository } from './postgres/repository.ts';
import { describeRepository } from './repository.contract.ts';
import { describeSearch } from './search.contract.ts';
import { openSqliteRepository } from './sqlite/repository.ts';

const folder = makeTempDir('meeshy-contract-');
afterAll(() => {
  fs.rmSync(folder, { recursive: true, force: true });
});
let files = 0;
const openSqlite = () => {
  files += 1;
  return Promise.resolve(openSqliteRepository(path.join(folder, `db-${files}.sqlite`)));
};
describeRepository('SQLite', openSqlite);
describeSearch('SQLite', openSqlite);

describeWithPostgres('Postgres', () => {
  const postgres = usePostgres();
  const openPostgres = async () =>
    openPostgresRepository({ url: await postgres.freshDatabase(), poolSize: 4 });
  describeRepository('Postgres', openPostgres);
  describeSearch('Postgres', openPostgres);
});
