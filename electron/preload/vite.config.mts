import { defineConfig } from 'vite';
import path from 'node:path';

// A sandboxed preload can only require('electron'): bundle the contract (and zod) into it.
export default defineConfig({
  build: {
    outDir: path.resolve(import.meta.dirname, '../../dist/electron/preload'),
    emptyOutDir: false,
    minify: false,
    target: 'node20',
    lib: { entry: path.resolve(import.meta.dirname, 'preload.ts'), formats: ['cjs'], fileName: () => 'preload.js' },
    rollupOptions: { external: ['electron'] },
  },
});
