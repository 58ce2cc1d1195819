import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * Builds the renderer (`renderer/`) into `dist/renderer/`. Both shells load the same
 * bundle: the desktop shell through its `app://` protocol, the headless shell over
 * http://127.0.0.1 — hence relative asset paths (`base: './'`).
 */
export default defineConfig({
  root: fileURLToPath(new URL('./renderer/', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer/', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: true,
  },
});
