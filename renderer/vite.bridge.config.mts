import path from 'node:path';
import { defineConfig } from 'vite';

/**
 * Builds `dist/renderer/lungdesk-bridge.js`: the classic (IIFE) script the browser host
 * injects before the app to define `window.lungdesk`. Self-contained (zod and the contract
 * are bundled in), so it needs no module loader and runs before the app's module script.
 * Normally run by `vite.config.ts` after the app build; it can also run alone.
 */
const repo = path.resolve(import.meta.dirname, '..');

export default defineConfig({
  configFile: false,
  root: repo,
  logLevel: 'warn',
  publicDir: false,
  build: {
    outDir: path.join(repo, 'dist/renderer'),
    emptyOutDir: false,
    sourcemap: true,
    minify: true,
    target: 'es2022',
    lib: {
      entry: path.join(repo, 'electron/server/bridge/browser-entry.ts'),
      formats: ['iife'],
      name: 'LungDeskBridge',
      fileName: () => 'lungdesk-bridge.js',
    },
  },
});
