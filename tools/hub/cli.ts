import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readyLine } from '../../stack/process-launcher.ts';
import { startHubServer } from './hub-server.ts';

/**
 * `npm run serve:hub -- --dir <dir> --port <p>`: serves `<dir>/<owner>/<name>/...` at
 * http://127.0.0.1:<p>/<owner>/<name>/resolve/<revision>/<file>. Point HF_ENDPOINT at it and MEDIUM_MODEL (or
 * another tier) at <owner>/<name> to make the real downloader fetch from it.
 */
const { values } = parseArgs({
  options: { dir: { type: 'string' }, port: { type: 'string' } },
  strict: true,
});
if (values.dir === undefined) {
  console.error('usage: npm run serve:hub -- --dir <dir> [--port <port>]');
  process.exit(2);
}
const hub = await startHubServer({ root: resolve(values.dir), port: Number(values.port ?? 0) });
// The ready line of every Meeshy program (stack/process-launcher.ts reads it).
console.log(`${readyLine('hub', hub.url)} (serving ${resolve(values.dir)})`);
const stop = () => {
  void hub.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
