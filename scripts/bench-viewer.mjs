// `npm run bench:viewer [-- --runs N --slices N --read-runs N --only viewer|mask|3d]`: the viewer benchmark (issue 11 part 7, mask editing of issue 12)
// (test/bench/viewer/main.ts, through tsx as scripts/bench.mjs runs the other benches).
// It measures the built app: run `npm run build` first.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(root, 'dist', 'electron', 'cli', 'main.js')) || !existsSync(join(root, 'dist', 'renderer', 'index.html'))) {
  console.error('bench:viewer: dist/ is missing: run `npm run build` first (the bench drives the built browser host).');
  process.exit(1);
}
// Ctrl-C reaches the child too: wait for it to close Chromium and the host.
process.on('SIGINT', () => {});
const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'test', 'bench', 'viewer', 'main.ts'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
