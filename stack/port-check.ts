import net from 'node:net';
import { portTakenMessage } from '../settings/parent-link.ts';

/**
 * Fails at once, naming the port and how to choose another, when `port` on `host` is taken: a taken port is
 * not a transient failure that a restart could mend. Port 0 (any free one) always passes.
 */
export async function assertPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  const taken = await new Promise<boolean>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') resolve(true);
      else reject(error);
    });
    probe.listen({ host, port, exclusive: true }, () => {
      probe.close(() => {
        resolve(false);
      });
    });
  });
  if (taken) throw new PortTakenError(portTakenMessage(host, port));
}

export class PortTakenError extends Error {
  override name = 'PortTakenError';
}
