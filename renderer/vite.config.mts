import path from 'node:path';
import { createRequire } from 'node:module';
import react from '@vitejs/plugin-react';
import { build, defineConfig, type Plugin } from 'vite';
import bridgeConfig from './vite.bridge.config.mts';

/**
 * The renderer build. `vite build --config renderer/vite.config.ts` writes the app AND the
 * browser-host bridge (`lungdesk-bridge.js`) into dist/renderer: one command, one folder.
 */
const repo = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.filename);

function resolvable(id: string): boolean {
  try {
    require.resolve(id, { paths: [repo] });
    return true;
  } catch {
    return false;
  }
}

/** Runs the bridge build once the app bundle is written (after emptyOutDir cleared the folder). */
function buildBridge(): Plugin {
  return {
    name: 'lungdesk-build-bridge',
    apply: 'build',
    async closeBundle() {
      await build(bridgeConfig);
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  publicDir: false,
  plugins: [react(), buildBridge()],
  build: {
    outDir: path.join(repo, 'dist/renderer'),
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
  },
  worker: { format: 'es' },
  optimizeDeps: {
    exclude: ['@cornerstonejs/dicom-image-loader'],
    // Cornerstone's DICOM path wants dicom-parser pre-bundled; only list it when installed.
    include: resolvable('dicom-parser') ? ['dicom-parser'] : [],
  },
  server: { fs: { allow: [repo] } },
});
