import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Starts the real browser host (`lungdesk serve`, built CLI) and resolves with the
 * LUNGDESK_URL it prints once ready.
 */
export function startHost(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'lungdesk.js'), 'serve', '--port', '0', '--no-open', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`lungdesk serve did not print LUNGDESK_URL within 120 s:\n${out}`)), 120_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /^LUNGDESK_URL=(\S+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, child, output: () => out });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`lungdesk serve exited with ${code} before it was ready:\n${out}`));
    });
  });
}

/** The browser host the global setup started for the e2e tests. */
export function appUrl(): string {
  const u = process.env.LUNGDESK_E2E_URL;
  if (!u) throw new Error('LUNGDESK_E2E_URL not set: the global setup did not start the browser host');
  return u;
}
