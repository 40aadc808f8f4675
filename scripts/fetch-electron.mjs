// Electron is an optional dependency: where its runtime can be downloaded npm installs it
// whole; offline its postinstall fails and npm drops the package. Main and preload still
// need its type definitions, so restore the package (without the runtime) from the
// registry or npm's cache. `npm start` then finds no runtime and uses the browser host.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const version = pkg.optionalDependencies.electron;
const target = join(root, 'node_modules', 'electron');

if (existsSync(join(target, 'electron.d.ts'))) {
  const runtime = existsSync(join(target, 'path.txt'));
  console.log(`[lungdesk] electron ${version}: ${runtime ? 'runtime installed' : 'types only (no runtime; npm start uses the browser host)'}`);
  process.exit(0);
}
try {
  const tmp = join(os.tmpdir(), `lungdesk-electron-${process.pid}`);
  mkdirSync(tmp, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const out = execFileSync(npm, ['pack', `electron@${version}`, '--silent', '--pack-destination', tmp], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'],
  }).trim().split('\n').pop();
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['-xzf', join(tmp, out), '-C', target, '--strip-components=1']);
  rmSync(tmp, { recursive: true, force: true });
  console.log(`[lungdesk] electron ${version}: runtime not downloadable here; installed its types only. npm start will use the browser host.`);
} catch (err) {
  console.warn(`[lungdesk] could not restore electron's type definitions (${err.message}); type-checking electron/main will fail.`);
}
