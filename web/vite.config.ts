/**
 * Vite build of the web workstation: `vite build --config web/vite.config.ts` writes web/dist,
 * which the server serves at `/`. Everything is bundled (NiiVue included): no CDN at run time.
 * `vite --config web/vite.config.ts` serves the app for development with /api proxied to a
 * server on 127.0.0.1:8080 (npm start).
 */
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    sourcemap: true,
  },
  server: {
    host: '127.0.0.1',
    proxy: { '/api': 'http://127.0.0.1:8080' },
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
  },
});
