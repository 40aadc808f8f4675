import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const childScript = path.resolve(__dirname, '../../helpers/watch-host-child.ts');
const tsx = pathToFileURL(require.resolve('tsx')).href;
const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0)) f();
});

describe.runIf(process.platform !== 'win32')('watchHost without an IPC channel (the Electron case)', () => {
  it('notices that its parent was SIGKILLed from the changed parent pid, and says so', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-watch-'));
    const out = path.join(dir, 'gone.txt');
    // The parent spawns the watcher with no IPC channel, prints its pid, then idles.
    const parentCode = `const c = require('node:child_process').spawn(process.execPath, ['--import', ${JSON.stringify(tsx)}, ${JSON.stringify(childScript)}, ${JSON.stringify(out)}], { stdio: 'ignore' }); process.stdout.write(String(c.pid) + '\\n'); setInterval(() => {}, 1e9);`;
    const parent = spawn(process.execPath, ['-e', parentCode], { stdio: ['ignore', 'pipe', 'inherit'] });
    const childPid = await new Promise<number>((resolve) => parent.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
    cleanup.push(() => {
      try {
        process.kill(childPid, 'SIGKILL');
      } catch {
        // already gone
      }
      fs.rmSync(dir, { recursive: true, force: true });
    });
    let t0 = Date.now();
    while (!fs.existsSync(`${out}.ready`) && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 50));
    expect(Number(fs.readFileSync(`${out}.ready`, 'utf8'))).toBe(parent.pid);
    parent.kill('SIGKILL');
    t0 = Date.now();
    while (!fs.existsSync(out) && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 50));
    expect(fs.readFileSync(out, 'utf8')).toMatch(/^its parent process \d+ ended$/);
  });
});
