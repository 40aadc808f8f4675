// Electron's runtime, where it can be downloaded. `electron` is a devDependency whose own
// postinstall (a download from GitHub) is denied in package.json's `allowScripts`, so that
// `npm ci` succeeds offline with its type definitions; this script then runs that same
// download itself and treats a failure as "no runtime here": `npm start` uses the browser
// host. Set ELECTRON_SKIP_BINARY_DOWNLOAD=1 to skip the attempt.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const version = pkg.devDependencies.electron;
const target = join(root, 'node_modules', 'electron');
const hasRuntime = () => existsSync(join(target, 'path.txt'));

if (!existsSync(join(target, 'package.json'))) {
  // `npm ci --omit=dev` (a server running only the CLI or the browser host): nothing to do.
  console.log('[lungdesk] electron not installed (dev dependencies omitted): the CLI and the browser host need no Electron');
  process.exit(0);
}
if (hasRuntime()) {
  console.log(`[lungdesk] electron ${version}: runtime installed`);
  process.exit(0);
}
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  console.log(`[lungdesk] electron ${version}: types only (ELECTRON_SKIP_BINARY_DOWNLOAD); npm start uses the browser host`);
  process.exit(0);
}
// Electron's install.js checks the download against its checksums.json; bounded in time so an
// offline machine whose connections hang does not hang the install.
const r = spawnSync(process.execPath, [join(target, 'install.js')], { cwd: target, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', timeout: 180_000 });
if (r.status === 0 && hasRuntime()) {
  console.log(`[lungdesk] electron ${version}: runtime downloaded`);
} else {
  const why = r.error ? r.error.message : (r.stderr ?? '').trim().split('\n')[0] || `exit ${r.status}`;
  console.log(`[lungdesk] electron ${version}: runtime not downloadable here (${why}); installed its types only. npm start will use the browser host.`);
}
