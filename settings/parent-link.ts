/**
 * How a Meeshy child process (server, translator) stays tied to the stack that started it. The stack opens
 * a Node IPC channel to each child (stdio 'ipc'); the operating system closes it when the parent dies in
 * any way, SIGKILL included, and Node then emits 'disconnect'. A child started without a channel (by hand,
 * from a terminal) has no parent to watch.
 */
export function onParentGone(stop: (reason: string) => void): void {
  if (process.channel === undefined) return;
  process.once('disconnect', () => {
    // The parent read our output through pipes that died with it: writing there must not crash the clean stop.
    for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
    stop('parent process gone');
  });
}

/**
 * Exit code of a child that failed in a way a restart cannot mend (its port is taken, its settings are
 * wrong): the supervisor gives up at once instead of retrying. 78 is EX_CONFIG in sysexits.h.
 */
export const EXIT_NOT_RETRYABLE = 78;

/** The message for a port another program holds, naming the setting that chooses another. */
export function portTakenMessage(host: string, port: number): string {
  return (
    `port ${port} on ${host} is already in use by another program; ` +
    `choose another with --port <number> (or MEESHY_PORT), or stop what listens there`
  );
}
