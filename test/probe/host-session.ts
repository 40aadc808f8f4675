import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { decodeMessage, encodeMessage, WIRE_CONTENT_TYPE } from '../../electron/common/wire';
import { PROBE_TAG_ENV } from './proc';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(ROOT, 'bin', 'lungdesk.js');

/** A running `lungdesk serve` the probe started, with everything it printed. */
export interface HostProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  /** The launch URL it printed (token or one-time code in it). */
  launchUrl: string;
  /** Headers that authenticate a Node client (see `authenticate`). */
  auth: Record<string, string>;
  output(): string;
  exited: Promise<number | null>;
}

/**
 * How a Node client proves it may call the host: the ONE place that knows the auth flow, so
 * a change of flow changes only this function. Today the launch URL carries `?token=` and the
 * API takes it in a header. If the URL carries a one-time code instead, the launch URL is
 * opened once (as a browser would) and the session cookie it sets is sent from then on.
 */
export async function authenticate(launchUrl: string): Promise<Record<string, string>> {
  const u = new URL(launchUrl);
  const token = u.searchParams.get('token');
  if (token) return { 'x-lungdesk-token': token };
  const res = await rawRequest({ port: Number(u.port), method: 'GET', path: `${u.pathname}${u.search}` });
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]!);
  if (cookies.length === 0) throw new Error(`authenticate: ${launchUrl} set no session cookie (status ${res.status})`);
  return { cookie: cookies.join('; ') };
}

/** Starts the built CLI's browser host on a free loopback port and waits for its URL. */
export async function startHost(opts: { dataDir: string; tag: string; args?: string[]; env?: Record<string, string>; timeoutMs?: number }): Promise<HostProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--no-open', '--data-dir', opts.dataDir, ...(opts.args ?? [])], {
    cwd: ROOT,
    env: { ...process.env, LUNGDESK_LOG_REQUESTS: '1', [PROBE_TAG_ENV]: opts.tag, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ? null : code)));
  const launchUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`lungdesk serve printed no LUNGDESK_URL within ${opts.timeoutMs ?? 120_000} ms:\n${out}`)), opts.timeoutMs ?? 120_000);
    const poll = setInterval(() => {
      const m = /^LUNGDESK_URL=(\S+)$/m.exec(out);
      if (m) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(m[1]!);
      }
    }, 20);
    void exited.then((code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`lungdesk serve exited (${code}) before it was ready:\n${out}`));
    });
  });
  const port = Number(new URL(launchUrl).port);
  const auth = await authenticate(launchUrl);
  return { child, pid: child.pid!, port, launchUrl, auth, output: () => out, exited };
}

/** Stops a host: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopHost(h: HostProcess, graceMs = 5000): Promise<void> {
  if (h.child.exitCode !== null || h.child.signalCode !== null) return;
  h.child.kill('SIGTERM');
  const t = setTimeout(() => h.child.kill('SIGKILL'), graceMs);
  await h.exited;
  clearTimeout(t);
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  ms: number;
  /** The socket closed or reset without an HTTP answer. */
  dropped?: string;
}

/** One HTTP/1.1 request on loopback; never throws (a dropped connection is a result). */
export function rawRequest(opts: { port: number; method: string; path: string; headers?: Record<string, string>; body?: Uint8Array | string; timeoutMs?: number }): Promise<RawResponse> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: Omit<RawResponse, 'ms'>) => {
      if (settled) return;
      settled = true;
      resolve({ ...r, ms: performance.now() - t0 });
    };
    const req = http.request(
      { host: '127.0.0.1', port: opts.port, method: opts.method, path: opts.path, headers: { host: `127.0.0.1:${opts.port}`, ...opts.headers }, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', (e) => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), dropped: e.message }));
      },
    );
    req.setTimeout(opts.timeoutMs ?? 60_000, () => {
      req.destroy(new Error('timeout'));
    });
    req.on('error', (e) => done({ status: 0, headers: {}, body: Buffer.alloc(0), dropped: e.message }));
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

export interface OpResult {
  status: number;
  ms: number;
  ok: boolean;
  value?: unknown;
  error?: { code: string; message: string };
  dropped?: string;
}

/** Calls one contract operation; inputs holding typed arrays go as a wire frame. */
export async function callOp(h: Pick<HostProcess, 'port' | 'auth'>, op: string, input: unknown, opts: { frame?: boolean; timeoutMs?: number } = {}): Promise<OpResult> {
  const body = opts.frame ? encodeMessage(input) : JSON.stringify(input);
  const res = await rawRequest({
    port: h.port,
    method: 'POST',
    path: `/api/${op}`,
    headers: { ...h.auth, 'content-type': opts.frame ? WIRE_CONTENT_TYPE : 'application/json' },
    body,
    timeoutMs: opts.timeoutMs,
  });
  if (res.dropped) return { status: res.status, ms: res.ms, ok: false, dropped: res.dropped };
  return { status: res.status, ms: res.ms, ...parseAnswer(res) };
}

/** The `{ ok, value | error }` of an answer, JSON or frame; a body that is neither is an error of its own. */
export function parseAnswer(res: RawResponse): { ok: boolean; value?: unknown; error?: { code: string; message: string } } {
  try {
    const ct = String(res.headers['content-type'] ?? '');
    const doc = (ct.startsWith('application/json') ? JSON.parse(res.body.toString('utf8')) : decodeMessage(new Uint8Array(res.body.buffer, res.body.byteOffset, res.body.length))) as {
      ok?: boolean;
      value?: unknown;
      error?: { code: string; message: string };
    };
    return { ok: doc.ok === true, value: doc.value, error: doc.error };
  } catch (e) {
    return { ok: false, error: { code: 'probe.unreadable-answer', message: `status ${res.status}: ${e instanceof Error ? e.message : String(e)}` } };
  }
}

/** Polls a job until it ends (or `timeoutMs`): its final state, or null on timeout. */
export async function waitJob(h: Pick<HostProcess, 'port' | 'auth'>, jobId: string, timeoutMs: number): Promise<{ status: string; error?: { code: string; message: string } } | null> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    const r = await callOp(h, 'listJobs', {});
    const job = Array.isArray(r.value) ? (r.value as { id: string; status: string; error?: { code: string; message: string } }[]).find((j) => j.id === jobId) : undefined;
    if (job && !['queued', 'running'].includes(job.status)) return job;
    await new Promise((res) => setTimeout(res, 100));
  }
  return null;
}
