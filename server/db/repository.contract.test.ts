import path from 'node:path';
import fs from 'node:fs';
import { afterAll } from 'vitest';
import { describeWithPostgres, usePostgres } from '../../test-support/postgres.ts';
import { makeTempDir } from '../../test-support/temp-dir.ts';
import { openPostgresRepository } from './postgres/repository.ts';
import { describeAttachmentStore } from './attachments.contract.ts';
import { describeRepository } from './repository.contract.ts';
import { openSqliteRepository } from './sqlite/repository.ts';
import { describeShareLinkStore } from './share-links.contract.ts';

const folder = makeTempDir('meeshy-contract-');
afterAll(() => {
  fs.rmSync(folder, { recursive: true, force: true });
});
let files = 0;
const sqliteFile = () => path.join(folder, `db-${files}.sqlite`);
const openSqlite = () => {
  files += 1;
  return Promise.resolve(openSqliteRepository(sqliteFile()));
};
describeRepository('SQLite', openSqlite, () => Promise.resolve(openSqliteRepository(sqliteFile())));
describeAttachmentStore('SQLite', openSqlite);
describeShareLinkStore('SQLite', openSqlite);

describeWithPostgres('Postgres', () => {
  const postgres = usePostgres();
  let url = '';
  const openUrl = () => openPostgresRepository({ url, poolSize: 4 });
  const openPostgres = async () => {
    url = await postgres.freshDatabase();
    return openUrl();
  };
  describeRepository('Postgres', openPostgres, openUrl);
  describeAttachmentStore('Postgres', openPostgres);
  describeShareLinkStore('Postgres', openPostgres);
});
