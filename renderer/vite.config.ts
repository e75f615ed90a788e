import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const rendererRoot = fileURLToPath(new URL('.', import.meta.url));
// In dev, the client is served by Vite but talks to a real server as if it were same-origin, so the
// "this server" default works unchanged; MEESHY_SERVER_URL points the proxy at it.
const devServer = process.env['MEESHY_SERVER_URL'] ?? 'http://127.0.0.1:3001';

export default defineConfig({
  root: rendererRoot,
  // Relative asset URLs let the same build be served from any path or loaded from file:// by Electron.
  base: './',
  plugins: [react()],
  build: { outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)), emptyOutDir: true },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': { target: devServer, changeOrigin: true },
      '/socket.io': { target: devServer, ws: true, changeOrigin: true },
    },
  },
});
