// Builds the web UI into web/dist, which the Parapet server serves. The output has no inline script or
// style (the server's Content-Security-Policy allows neither): Vite emits external module scripts and one
// stylesheet, and the module-preload polyfill (which Vite would inline) is switched off.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    sourcemap: false,
  },
  server: {
    // `npx vite --config web/vite.config.ts` for UI work, with `npm start` serving the API on :8080.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
