// Builds the Node-API addon in native/ with npm's bundled node-gyp. Skips the build when
// the binary is newer than every source file, unless --force.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const native = join(dirname(fileURLToPath(import.meta.url)), '..', 'native');
const binary = join(native, 'build', 'Release', 'lungdesk_native.node');
const force = process.argv.includes('--force');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'build') continue;
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

if (!force && existsSync(binary) && statSync(binary).mtimeMs > newestSource(native)) {
  console.log('[lungdesk] native addon up to date');
  process.exit(0);
}
// npm sets npm_config_node_gyp inside scripts; run directly, use npm's bundled copy.
const bundled = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
const nodeGyp = process.env.npm_config_node_gyp || (existsSync(bundled) ? bundled : null);
const cmd = nodeGyp ? process.execPath : 'node-gyp';
const args = nodeGyp ? [nodeGyp, 'rebuild'] : ['rebuild'];
const env = { ...process.env };
// Offline machines build against the installed Node headers instead of downloading them.
if (!env.npm_config_nodedir && existsSync('/usr/include/node/node_api.h')) env.npm_config_nodedir = '/usr';
const r = spawnSync(cmd, args, { cwd: native, stdio: 'inherit', env });
if (r.status !== 0) {
  console.error('[lungdesk] building the native addon failed: a C++17 compiler (g++), make and python3 are required');
  process.exit(r.status ?? 1);
}
