import { parentPort, workerData } from 'node:worker_threads';
import { openSearchIndexFile, prepareIndexing, prepareSearch } from './search-index-file.ts';
import type { ToSearchWorker, FromSearchWorker, SearchWorkerData } from './search-index.ts';

// The search worker's thread (started by search-index.ts): the only writer of the search file. It indexes
// what the chat database committed a little after being told (gathering several group commits into one
// transaction), and before answering each search, so the search finds everything committed before it.

const port = parentPort;
if (port === null) throw new Error('search-index-worker.ts runs as a worker thread');
const { databaseFile, gatherMs, committedAtOpen } = workerData as SearchWorkerData;
const db = openSearchIndexFile(databaseFile);
const catchUp = prepareIndexing(db, committedAtOpen);
const search = prepareSearch(db);
let timer: NodeJS.Timeout | undefined;

const send = (message: FromSearchWorker) => {
  port.postMessage(message);
};
const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

const indexNow = () => {
  timer = undefined;
  try {
    catchUp();
  } catch (error) {
    send({ kind: 'indexing-failed', message: describe(error) });
  }
};

port.on('message', (message: ToSearchWorker) => {
  switch (message.kind) {
    case 'changed':
      timer ??= setTimeout(indexNow, gatherMs);
      return;
    case 'search':
      try {
        clearTimeout(timer);
        timer = undefined;
        catchUp();
        send({ kind: 'answer', id: message.id, answer: search(message.query) });
      } catch (error) {
        send({ kind: 'search-failed', id: message.id, message: describe(error) });
      }
      return;
    case 'close':
      clearTimeout(timer);
      db.close();
      port.close();
      return;
  }
});

// What was committed while no worker ran (a first start builds the whole index).
indexNow();
