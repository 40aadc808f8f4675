import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');

export interface StartedHost {
  /** The launch link the host printed: a one-time code, good for one page load. */
  url: string;
  origin: string;
  /** The long-lived token, given to the host in its environment; for `newUrl` only. */
  token: string;
  child: ChildProcess;
  output: () => string;
  /** A further one-time launch link (each new browser context needs its own). */
  newUrl: () => Promise<string>;
}

/**
 * Starts the real browser host (`lungdesk serve`, built CLI) and resolves once it printed its
 * LUNGDESK_URL. The token goes in the environment, never in the arguments, as a user's
 * script should do.
 */
export function startHost(args: string[], env: NodeJS.ProcessEnv = {}): Promise<StartedHost> {
  const token = randomBytes(24).toString('base64url');
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'lungdesk.js'), 'serve', '--port', '0', '--no-open', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, LUNGDESK_TOKEN: token },
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
        const origin = new URL(m[1]!).origin;
        resolve({ url: m[1]!, origin, token, child, output: () => out, newUrl: () => launchUrl(origin, token) });
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

/** Asks the host for a fresh one-time launch link, with the token in the header. */
export async function launchUrl(origin: string, token: string): Promise<string> {
  const res = await fetch(`${origin}/auth/launch`, { method: 'POST', headers: { 'x-lungdesk-token': token } });
  if (res.status !== 200) throw new Error(`the browser host refused a launch link: HTTP ${res.status}`);
  return ((await res.json()) as { value: { url: string } }).value.url;
}

/** Origin of the browser host the global setup started for the e2e tests. */
export function appOrigin(): string {
  const o = process.env.LUNGDESK_E2E_ORIGIN;
  if (!o) throw new Error('LUNGDESK_E2E_ORIGIN not set: the global setup did not start the browser host');
  return o;
}

/** A fresh launch link to that host: each test's browser context spends its own code. */
export function appUrl(): Promise<string> {
  const token = process.env.LUNGDESK_E2E_TOKEN;
  if (!token) throw new Error('LUNGDESK_E2E_TOKEN not set: the global setup did not start the browser host');
  return launchUrl(appOrigin(), token);
}
