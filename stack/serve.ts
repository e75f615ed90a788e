import { commandsBeside } from './child-commands.ts';
import { startLocalStack } from './local-stack.ts';
import { readyLine } from './process-launcher.ts';
import { resolveStackSettings } from './stack-settings.ts';

/**
 * `npm run serve` (sources, through tsx) and `npm run serve:built` (the build, plain Node): the local stack
 * without Electron — the translator and the chat server, supervised, on loopback. The children are the
 * ones beside this file, in the same form as this file. Prints the URL once the server is ready; stops both
 * cleanly on SIGINT or SIGTERM, and exits 1 when a child fails for good (after stopping the other).
 */
async function main(): Promise<void> {
  const settings = resolveStackSettings(process.argv.slice(2), process.env);
  const stack = await startLocalStack(settings, {
    commands: commandsBeside(import.meta.url),
    log: (source, line) => {
      process.stdout.write(`[${source}] ${line}\n`);
    },
  });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    stack.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  // `on`, not `once`: a second signal while stopping (Ctrl+C pressed twice, a supervisor's repeat) must not
  // fall through to Node's default and kill this process before its children are stopped.
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // Only now the ready line: whoever reads it may signal at once, and a signal before the handlers above
  // would end this process by Node's default, leaving the children to notice on their own.
  process.stdout.write(`${readyLine('stack', stack.url)} (data in ${settings.dataDir})\n`);
  void stack.gaveUp.then((reason) => {
    process.stderr.write(`Meeshy stopped: ${reason.message}\n`);
    process.exit(1);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`Meeshy could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
