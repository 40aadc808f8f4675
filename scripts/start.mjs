// `npm start`: the Electron app where its runtime is installed, otherwise the browser host
// on the demo dataset (its URL is printed, and opened where a browser is available).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const extra = process.argv.slice(2);

const built = ['dist/electron/cli/main.js', 'dist/electron/main/main.js', 'dist/renderer/index.html', 'native/build/Release/lungdesk_native.node'];
if (!built.every((f) => existsSync(join(root, f)))) {
  console.log('[lungdesk] building first (npm run build)…');
  const r = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function electronBinary() {
  if (process.env.LUNGDESK_BROWSER_HOST) return null;
  try {
    const p = require('electron');
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

const electron = electronBinary();
const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
let child;
if (electron && hasDisplay) {
  console.log('[lungdesk] starting the Electron app');
  child = spawn(electron, [root, ...extra], { cwd: root, stdio: 'inherit' });
} else {
  console.log(
    electron
      ? '[lungdesk] no display for the Electron window: starting the browser host instead'
      : '[lungdesk] Electron runtime not installed here: starting the browser host (open the URL below)',
  );
  child = spawn(process.execPath, [join(root, 'bin', 'lungdesk.js'), 'serve', ...extra], { cwd: root, stdio: 'inherit' });
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
