import { build, preview, type PreviewServer } from 'vite';

const CONFIG = 'renderer/vite.config.ts';

/**
 * Builds the client and serves the build with Vite's preview server, which proxies /api and /socket.io
 * to the chat server: to the browser the client and the API share one origin, as when the server hosts
 * the client itself.
 */
export async function serveClient(serverUrl: string): Promise<{ url: string; close: () => Promise<void> }> {
  process.env['MEESHY_SERVER_URL'] = serverUrl;
  await build({ configFile: CONFIG, logLevel: 'warn' });
  const server: PreviewServer = await preview({
    configFile: CONFIG,
    logLevel: 'warn',
    preview: {
      host: '127.0.0.1',
      port: 0,
      strictPort: false,
      proxy: {
        // Host is kept (no changeOrigin): the server's socket origin check then sees a same-origin page.
        '/api': { target: serverUrl },
        '/socket.io': { target: serverUrl, ws: true },
      },
    },
  });
  const url = server.resolvedUrls?.local[0];
  if (url === undefined) throw new Error('vite preview did not report its URL');
  return { url: url.replace(/\/$/, ''), close: () => server.close() };
}
