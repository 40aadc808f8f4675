// `npm run probe`: runs test/probe/main.ts (through tsx) against the built CLI and browser host.
// Arguments pass through: --quick (CI size), --only readers,host,escapes,kills, --seed N, --keep.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(root, 'dist', 'electron', 'cli', 'main.js')) || !existsSync(join(root, 'dist', 'renderer', 'index.html'))) {
  console.error('probe: the CLI and renderer are not built: run `npm run build` first');
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'test', 'probe', 'main.ts'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
