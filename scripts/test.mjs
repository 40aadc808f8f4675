// `npm test`: type-check, lint, unit/conformance/fuzz tests (Vitest), the hardening probe
// (quick), then the end-to-end tests in Chromium against the browser host. Without a Chromium
// the e2e tests are skipped with instructions, except under CI=true, where a missing browser
// is a failure.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium } from './find-chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const ci = process.env.CI === 'true' || process.env.CI === '1';
const results = [];

function step(name, cmd, args, env = {}) {
  console.log(`\n[lungdesk test] ${name}: ${[cmd, ...args].join(' ')}`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = r.status === 0;
  results.push({ name, ok, seconds: (Date.now() - t0) / 1000 });
  return ok;
}

step('typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
step('typecheck renderer', bin('tsc'), ['-p', 'renderer/tsconfig.json', '--noEmit']);
step('lint', bin('eslint'), ['.']);
step('unit, conformance and fuzz tests', bin('vitest'), ['run']);

// The hardening probe (issue 15) in its CI size: mutated real files through the readers and
// the CLI, the browser host's endpoints, folder escapes, kills during writes (~3 min on 2
// cores). It drives the built CLI and host, as the e2e tests do.
const built = existsSync(join(root, 'dist', 'electron', 'cli', 'main.js')) && existsSync(join(root, 'dist', 'renderer', 'index.html'));
if (built) {
  step('hardening probe (quick)', process.execPath, [join(root, 'scripts', 'probe.mjs'), '--quick']);
} else if (ci) {
  console.error('\n[lungdesk test] CI=true and dist/ is not built: the probe cannot run. Run `npm run build` first.');
  results.push({ name: 'hardening probe (quick)', ok: false, seconds: 0 });
} else {
  console.warn('\n[lungdesk test] SKIPPED the hardening probe: dist/ is not built (run `npm run build`).');
}

const chromium = findChromium();
let skipped = 0;
if (chromium) {
  step('end-to-end tests (browser host in Chromium)', bin('playwright'), ['test'], { LUNGDESK_CHROMIUM: chromium });
} else if (ci) {
  console.error('\n[lungdesk test] CI=true and no Chromium found: the end-to-end tests cannot run.\n' +
    'Install it with: apt-get update && apt-get install -y chromium   (or set LUNGDESK_CHROMIUM)');
  results.push({ name: 'end-to-end tests', ok: false, seconds: 0 });
} else {
  skipped = 1;
  console.warn('\n[lungdesk test] SKIPPED the end-to-end tests: no Chromium found.\n' +
    'Install it with: sudo apt-get install -y chromium   (Debian/Ubuntu), or set LUNGDESK_CHROMIUM=/path/to/chrome');
}

console.log('\n[lungdesk test] summary');
for (const r of results) console.log(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${r.seconds.toFixed(1)} s)`);
const failed = results.filter((r) => !r.ok).length;
console.log(`steps: ${results.length - failed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
