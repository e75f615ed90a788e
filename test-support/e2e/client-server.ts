import { build, preview } from 'vite';
import { freeLoopbackPort } from '../../stack/free-port.ts';

const CONFIG = 'renderer/vite.config.ts';

export async function buildClient(): Promise<void> {
  await build({ configFile: CONFIG, logLevel: 'warn' });
}

export interface ClientServer {
  url: string;
  close: () => Promise<void>;
}

/**
 * Serves the built client with Vite's preview server, proxying /api and /socket.io to the chat server:
 * a second address for the same server, as a self-hosted one on another origin would be.
 */
export async function serveClient(serverUrl: string, port: number): Promise<ClientServer> {
  const server = await preview({
    configFile: CONFIG,
    // A dropped socket at the end of a test is expected; only real errors are worth printing.
    logLevel: 'silent',
    preview: {
      host: '127.0.0.1',
      port,
      strictPort: true,
      proxy: {
        // Host is kept (no changeOrigin): the server's socket origin check then sees a same-origin page.
        '/api': { target: serverUrl },
        '/socket.io': { target: serverUrl, ws: true },
      },
    },
  });
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

/** A port free right now on loopback: needed before start, since the server must know the client's origin. */
export const freePort = freeLoopbackPort;
