import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/conformance';

/** `lungdesk serve` as a user runs it: a separate process, from TypeScript source through tsx. */
function serve(dataDir: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'electron', 'cli', 'main.ts'), 'serve', '--port', '0', '--no-open', '--no-demo', '--data-dir', dataDir], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no LUNGDESK_URL within 60 s:\n${out}`)), 60_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /^LUNGDESK_URL=(\S+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}`)));
  });
  return { child, ready, output: () => out };
}

describe('lungdesk serve (process)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-serve-'));
  const token = 'serve-test-token-' + 'x'.repeat(24);
  const proc = serve(dataDir, { LUNGDESK_TOKEN: token });
  afterAll(async () => {
    if (proc.child.exitCode === null) {
      proc.child.kill('SIGTERM');
      await new Promise((r) => proc.child.once('exit', r));
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('takes its token from the environment: never in its arguments, its printed URL or its output', async () => {
    const url = await proc.ready;
    expect(url).toMatch(/\?code=[A-Za-z0-9_-]+$/);
    expect(url).not.toContain(token);
    expect(proc.output()).not.toContain(token);
    if (process.platform === 'linux') {
      const cmdline = fs.readFileSync(`/proc/${proc.child.pid}/cmdline`, 'utf8');
      expect(cmdline).toContain('serve');
      expect(cmdline).not.toContain(token);
    }
    // The host does use that token: a Node client holding it gets in by header.
    const origin = new URL(url).origin;
    const ok = await fetch(`${origin}/api/getAppInfo`, { method: 'POST', headers: { 'x-lungdesk-token': token, 'content-type': 'application/json' }, body: '{}' });
    expect(ok.status).toBe(200);
    const no = await fetch(`${origin}/api/getAppInfo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(no.status).toBe(401);
  }, 90_000);
});
