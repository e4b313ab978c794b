import type { IncomingMessage } from 'node:http';
import react from '@vitejs/plugin-react';
import { defineConfig, type ProxyOptions } from 'vite';

/** The API server in development; its PUBLIC_URL is the only origin it accepts changes from. */
const apiTarget = process.env.SAMVERKAN_API_URL ?? 'http://127.0.0.1:3000';
const apiOrigin = new URL(process.env.SAMVERKAN_PUBLIC_URL ?? 'http://localhost:3000').origin;

/**
 * The dev server is another origin than the API. A request that the browser
 * made from the dev server's own page is passed on as coming from the API's
 * origin; any other Origin is passed on unchanged (and refused by the API).
 */
function rewriteOwnOrigin(proxyReq: { setHeader(name: string, value: string): void }, req: IncomingMessage): void {
  const origin = req.headers.origin;
  if (origin !== undefined && origin === `http://${req.headers.host}`) proxyReq.setHeader('origin', apiOrigin);
}

const proxied = (ws = false): ProxyOptions => ({
  target: apiTarget,
  ws,
  configure(proxy) {
    proxy.on('proxyReq', rewriteOwnOrigin);
    proxy.on('proxyReqWs', rewriteOwnOrigin);
  },
});

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    proxy: {
      '/api': proxied(),
      '/health': proxied(),
      '/socket.io': proxied(true),
    },
  },
});
