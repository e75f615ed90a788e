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
describeRepository('SQLite', () => {
  files += 1;
  return Promise.resolve(openSqliteRepository(path.join(folder, `db-${files}.sqlite`)));
});

describeWithPostgres('Postgres', () => {
  const postgres = usePostgres();
  describeRepository('Postgres', async () =>
    openPostgresRepository({ url: await postgres.freshDatabase(), poolSize: 4 }),
  );
});
