import path from 'node:path';
import fs from 'node:fs';
import { afterAll } from 'vitest';
import { describeWithPostgres, usePostgres } from '../../test-support/postgres.ts';
import { makeTempDir } from '../../test-support/temp-dir.ts';
import { openPostgresRepository } from './postgres/repository.ts';
import { describeRepository } from './repository.contract.ts';
import { openSqliteRepository } from './sqlite/repository.ts';

const folder = makeTempDir('meeshy-contract-');
afterAll(() => {
  fs.rmSync(folder, { recursive: true, force: true });
});
let files = 0;
const sqliteFile = () => path.join(folder, `db-${files}.sqlite`);
describeRepository(
  'SQLite',
  () => {
    files += 1;
    return Promise.resolve(openSqliteRepository(sqliteFile()));
  },
  () => Promise.resolve(openSqliteRepository(sqliteFile())),
);

describeWithPostgres('Postgres', () => {
  const postgres = usePostgres();
  let url = '';
  const openUrl = () => openPostgresRepository({ url, poolSize: 4 });
  describeRepository(
    'Postgres',
    async () => {
      url = await postgres.freshDatabase();
      return openUrl();
    },
    openUrl,
  );
});
