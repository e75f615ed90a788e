import { startLocalStack } from './local-stack.ts';
import { readyLine } from './process-launcher.ts';
import { resolveStackSettings } from './stack-settings.ts';

/**
 * `npm run serve`: the local stack without Electron — the translator and the chat server, supervised,
 * on loopback. Prints the URL once the server is ready; stops both cleanly on SIGINT or SIGTERM.
 */
async function main(): Promise<void> {
  const settings = resolveStackSettings(process.argv.slice(2), process.env);
  const stack = await startLocalStack(settings, (source, line) => {
    process.stdout.write(`[${source}] ${line}\n`);
  });
  process.stdout.write(`${readyLine('stack', stack.url)} (data in ${settings.dataDir})\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    stack.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`Meeshy could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
