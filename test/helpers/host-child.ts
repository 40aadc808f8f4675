import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface HostChild {
  port: number;
  token: string;
  datasets: number[];
  scans: { id: number; format: string; dims: [number, number, number]; noduleCount: number; path: string }[];
  child: ChildProcess;
  /** Calls one contract operation over HTTP: its status and parsed JSON body (binary answers: their byte count). */
  call(op: string, input: unknown): Promise<{ status: number; body: unknown; bytes: number }>;
  /** The host process's resident memory now and at its peak (Linux /proc; null elsewhere), bytes. */
  rss(): { now: number; peak: number } | null;
  /** The host's own event-loop delay since the previous call (started with LUNGDESK_LOOP_MONITOR=1; null otherwise). */
  loopDelay(): Promise<{ maxMs: number; p99Ms: number } | null>;
  stop(): Promise<void>;
}

/** Starts a browser host in its own Node process (test/helpers/host-child-main.ts) with `env` added and `nodeArgs` before its script. */
export function startHostChild(dataDir: string, datasets: string[], env: NodeJS.ProcessEnv = {}, nodeArgs: string[] = []): Promise<HostChild> {
  const main = path.join(__dirname, 'host-child-main.ts');
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', main, dataDir, ...datasets], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host child not ready within 180 s:\n${out}`)), 180_000);
    const onData = (b: Buffer): void => {
      out += b.toString();
      const m = /^LUNGDESK_HOST (.+)$/m.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      const info = JSON.parse(m[1]!) as Pick<HostChild, 'port' | 'token' | 'datasets' | 'scans'>;
      const base = `http://127.0.0.1:${info.port}/api/`;
      resolve({
        ...info,
        child,
        async call(op, input) {
          const res = await fetch(base + op, { method: 'POST', headers: { 'content-type': 'application/json', 'x-lungdesk-token': info.token }, body: JSON.stringify(input) });
          const buf = Buffer.from(await res.arrayBuffer());
          const json = (res.headers.get('content-type') ?? '').startsWith('application/json');
          return { status: res.status, body: json ? (JSON.parse(buf.toString('utf8')) as unknown) : null, bytes: buf.length };
        },
        loopDelay() {
          if (env.LUNGDESK_LOOP_MONITOR !== '1' || child.exitCode !== null) return Promise.resolve(null);
          return new Promise((done) => {
            let line = '';
            const timer = setTimeout(() => {
              child.stdout!.off('data', onLoop);
              done(null);
            }, 5000);
            const onLoop = (b: Buffer): void => {
              line += b.toString();
              const m = /^LUNGDESK_LOOP (.+)$/m.exec(line);
              if (!m) return;
              clearTimeout(timer);
              child.stdout!.off('data', onLoop);
              done(JSON.parse(m[1]!) as { maxMs: number; p99Ms: number });
            };
            child.stdout!.on('data', onLoop);
            child.kill('SIGUSR2');
          });
        },
        rss() {
          try {
            const s = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
            const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? NaN) * 1024;
            return { now: kb('VmRSS'), peak: kb('VmHWM') };
          } catch {
            return null;
          }
        },
        stop() {
          if (child.exitCode !== null) return Promise.resolve();
          return new Promise<void>((done) => {
            child.once('exit', () => done());
            child.kill('SIGTERM');
          });
        },
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host child exited with ${code} before it was ready:\n${out}`));
    });
  });
}
