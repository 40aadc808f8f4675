import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ErrorCode } from '../../electron/common/errors';
import { WIRE_CONTENT_TYPE } from '../../electron/common/wire';
import { prng } from '../fuzz/prng';
import { callOp, parseAnswer, rawRequest, startHost, stopHost, type HostProcess, type RawResponse } from './host-session';
import { procInfo, sleep, treeRssKb } from './proc';
import { percentile, Tally, type ClassResult, type ProbeOptions } from './report';

/**
 * Class 2: the browser host's endpoints. A real `lungdesk serve` on a temp data folder (demo
 * dataset) gets malformed URLs, wrong methods, oversized and malformed bodies, unknown ops and
 * fields, non-finite numbers, missing or wrong credentials, then 20 parallel loads of one
 * volume while getAppInfo is timed. Rules: no 5xx, no dropped connection, every refusal a
 * typed error, no stack trace in the host's log, RSS within budget, getAppInfo p95 < 50 ms.
 */

const CODES = new Set<string>(ErrorCode.options);
const APP_INFO_P95_GOAL_MS = 50;
/** How many times the idle p95 a loaded p95 may be before it counts as a stall (when over the goal). */
const STALL_RATIO = 4;

interface Probe {
  what: string;
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
  /** Omit auth headers. */
  noAuth?: boolean;
  /** Status class the answer must have: 4 = any 4xx; or exact statuses. */
  expect: 4 | number[];
  /** The error code the refusal must carry. */
  code?: string;
}

function probes(scanId: number, rnd: () => number): Probe[] {
  const json = { 'content-type': 'application/json' };
  const p: Probe[] = [];
  for (const u of ['/api/%E0%A4%A', '/%', '/api/getAppInfo%00', '/api/..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd', '/assets/%ff%fe', '/api/%', '/api/' + '%zz'.repeat(50), '/index.html/%c0%ae%c0%ae/']) {
    p.push({ what: `malformed URL ${u}`, method: u.startsWith('/api/') ? 'POST' : 'GET', path: u, headers: json, body: '{}', expect: 4 });
  }
  p.push({ what: 'URL of 16 KB', method: 'POST', path: '/api/' + 'a'.repeat(16_000), headers: json, body: '{}', expect: 4 });
  for (const m of ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']) p.push({ what: `${m} on the API`, method: m, path: '/api/getAppInfo', expect: [405], code: m === 'HEAD' ? undefined : 'contract.bad-input' });
  for (const m of ['POST', 'PUT', 'DELETE']) p.push({ what: `${m} on a static file`, method: m, path: '/index.html', expect: [405] });
  p.push({ what: 'JSON body of 2 MB', method: 'POST', path: '/api/getAppInfo', headers: json, body: JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }), expect: [413] });
  p.push({ what: 'content-length 10 GB declared', method: 'POST', path: '/api/getAppInfo', headers: { ...json, 'content-length': String(10 * 1024 ** 3) }, body: '{}', expect: [413] });
  for (const b of ['{', 'null', '[]', '"x"', '{"a":', '\u0000', '{"scanId":NaN}', '[' .repeat(100_000) + ']'.repeat(100_000)]) {
    p.push({ what: `malformed JSON ${JSON.stringify(b.slice(0, 12))}`, method: 'POST', path: '/api/getScan', headers: json, body: b, expect: 4, code: 'contract.bad-input' });
  }
  p.push({ what: 'invalid UTF-8 body', method: 'POST', path: '/api/getScan', headers: json, body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), expect: 4, code: 'contract.bad-input' });
  for (const op of ['fooBar', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'getAppInfo.x']) p.push({ what: `unknown op ${op}`, method: 'POST', path: `/api/${op}`, headers: json, body: '{}', expect: [404], code: 'contract.unknown-op' });
  const strict = (op: string, input: object) => p.push({ what: `unknown field on ${op}`, method: 'POST', path: `/api/${op}`, headers: json, body: JSON.stringify(input), expect: [400], code: 'contract.bad-input' });
  strict('getAppInfo', { extra: 1 });
  strict('getScan', { scanId, evil: true });
  strict('listScans', { datasetId: undefined, limit: 5 });
  strict('getVolumeSlices', { scanId, start: 0, count: 1, stride: 2 });
  const bad = (what: string, op: string, body: string) => p.push({ what, method: 'POST', path: `/api/${op}`, headers: json, body, expect: [400], code: 'contract.bad-input' });
  bad('start 1e999 (Infinity)', 'getVolumeSlices', `{"scanId":${scanId},"start":1e999,"count":1}`);
  bad('start -1', 'getVolumeSlices', `{"scanId":${scanId},"start":-1,"count":1}`);
  bad('count 1e9', 'getVolumeSlices', `{"scanId":${scanId},"start":0,"count":1000000000}`);
  bad('scanId 1e308', 'getScan', `{"scanId":1e308}`);
  bad('scanId -0.5', 'getScan', `{"scanId":-0.5}`);
  bad('nodule centre 1e999', 'addNodule', `{"scanId":${scanId},"center":[1e999,0,0],"diameterMm":5}`);
  bad('nodule diameter 1e308', 'addNodule', `{"scanId":${scanId},"center":[0,0,0],"diameterMm":1e308}`);
  bad('dataset path of 1 MB', 'importDataset', JSON.stringify({ path: '/'.repeat(1_000_000) }));
  // A streamed operation refuses a bad input before its stream starts, with an ordinary answer.
  strict('streamVolumeSlices', { scanId, slabs: [{ start: 0, count: 1, stride: 2 }] });
  bad('stream of no slabs', 'streamVolumeSlices', `{"scanId":${scanId},"slabs":[]}`);
  bad('stream slab past the scan', 'streamVolumeSlices', `{"scanId":${scanId},"slabs":[{"start":100000,"count":1}]}`);
  bad('stream of 5000 slabs (4096 at most)', 'streamVolumeSlices', JSON.stringify({ scanId, slabs: Array.from({ length: 5000 }, () => ({ start: 0, count: 1 })) }));
  bad('malformed JSON to a stream', 'streamVolumeSlices', '{"scanId":');
  p.push({ what: 'garbage frame to saveMaskVersion', method: 'POST', path: '/api/saveMaskVersion', headers: { 'content-type': WIRE_CONTENT_TYPE }, body: Buffer.from(Array.from({ length: 4096 }, () => Math.floor(rnd() * 256))), expect: 4, code: 'contract.bad-input' });
  p.push({ what: 'frame with a lying length', method: 'POST', path: '/api/saveMaskVersion', headers: { 'content-type': WIRE_CONTENT_TYPE }, body: Buffer.from('LDW1\xff\xff\xff\x7f\x01\x00\x00\x00\x00\x00\x00\x00', 'latin1'), expect: 4, code: 'contract.bad-input' });
  p.push({ what: 'no credentials', method: 'POST', path: '/api/getAppInfo', headers: json, body: '{}', noAuth: true, expect: [401, 403], code: 'contract.unauthorized' });
  p.push({ what: 'wrong token header', method: 'POST', path: '/api/getAppInfo', headers: { ...json, 'x-lungdesk-token': 'nope' }, body: '{}', noAuth: true, expect: [401, 403], code: 'contract.unauthorized' });
  p.push({ what: 'wrong session cookie', method: 'POST', path: '/api/getAppInfo', headers: { ...json, cookie: 'lungdesk_token=nope' }, body: '{}', noAuth: true, expect: [401, 403], code: 'contract.unauthorized' });
  p.push({ what: 'static page without credentials', method: 'GET', path: '/', noAuth: true, expect: [401, 403] });
  p.push({ what: 'foreign Origin', method: 'POST', path: '/api/getAppInfo', headers: { ...json, origin: 'http://evil.example' }, body: '{}', expect: [403], code: 'contract.unauthorized' });
  p.push({ what: 'foreign Host (DNS rebinding)', method: 'POST', path: '/api/getAppInfo', headers: { ...json, host: 'evil.example' }, body: '{}', expect: [403], code: 'contract.unauthorized' });
  p.push({ what: 'WebSocket upgrade on an unknown path', method: 'GET', path: '/nope', headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' }, expect: 4 });
  return p;
}

function judge(pr: Probe, r: RawResponse): string | undefined {
  if (r.dropped) return `connection dropped (${r.dropped})`;
  if (r.status >= 500) return `status ${r.status}: ${r.body.toString('utf8').slice(0, 160)}`;
  const okStatus = pr.expect === 4 ? r.status >= 400 && r.status < 500 : pr.expect.includes(r.status);
  if (!okStatus) return `status ${r.status}, expected ${pr.expect === 4 ? '4xx' : pr.expect.join('/')}: ${r.body.toString('utf8').slice(0, 120)}`;
  if (r.body.length === 0) return undefined; // HEAD, or Node's own 400 for a request it cannot parse
  if (String(r.headers['content-type'] ?? '').startsWith('application/json')) {
    const a = parseAnswer(r);
    if (!a.error || !CODES.has(a.error.code)) return `refusal without a typed error: ${r.body.toString('utf8').slice(0, 120)}`;
    if (pr.code && a.error.code !== pr.code) return `code ${a.error.code}, expected ${pr.code}`;
  }
  return undefined;
}

/** Lines of the host's output that are stack frames or crash reports. */
export function stackTraceLines(output: string): string[] {
  return output.split('\n').filter((l) => /^\s+at .+:\d+:\d+\)?$/.test(l) || /crashed:|Unhandled|uncaught/i.test(l));
}

export async function hostEndpointsClass(opts: ProbeOptions): Promise<ClassResult> {
  const t = new Tally('2 host endpoints');
  const dataDir = path.join(opts.tmpRoot, 'host-data');
  fs.mkdirSync(dataDir, { recursive: true });
  const t0 = performance.now();
  const host = await startHost({ dataDir, tag: `${path.basename(opts.tmpRoot)}-host` });
  try {
    t.figures.startupS = ((performance.now() - t0) / 1000).toFixed(1);
    const scans = await callOp(host, 'listScans', {});
    const list = (scans.value ?? []) as { id: number; dims: number[] }[];
    if (!scans.ok || list.length === 0) throw new Error(`the demo dataset has no scans: ${JSON.stringify(scans.error)}`);
    const scan = list[0]!;

    const rnd = prng(opts.seed);
    const all = probes(scan.id, rnd);
    const rounds = opts.quick ? 1 : 3;
    const statuses = new Map<number, number>();
    for (let round = 0; round < rounds; round++) {
      // Sequential, then all at once: a host must answer malformed requests under load too.
      const answers = round === 1 ? await Promise.all(all.map((pr) => send(host, pr))) : await serial(host, all);
      answers.forEach((r, i) => {
        t.inputs++;
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        const broke = judge(all[i]!, r);
        if (broke) t.fail(`${all[i]!.what}: ${broke}`);
      });
    }
    t.figures.statuses = [...statuses.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}:${n}`).join(',');
    t.figures.fiveXX = [...statuses.entries()].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
    t.figures.dropped = statuses.get(0) ?? 0;

    await concurrentLoads(host, scan, 20, t);
    const stacks = stackTraceLines(host.output());
    t.figures.stackTraceLines = stacks.length;
    if (stacks.length) t.fail(`the host's log holds ${stacks.length} stack-trace lines, first: ${stacks[0]!.trim().slice(0, 160)}`);
  } finally {
    await stopHost(host);
  }
  return t.result();
}

function send(host: HostProcess, pr: Probe): Promise<RawResponse> {
  return rawRequest({ port: host.port, method: pr.method ?? 'POST', path: pr.path, headers: { ...(pr.noAuth ? {} : host.auth), ...pr.headers }, body: pr.body, timeoutMs: 30_000 });
}

async function serial(host: HostProcess, all: Probe[]): Promise<RawResponse[]> {
  const out: RawResponse[] = [];
  for (const pr of all) out.push(await send(host, pr));
  return out;
}

interface LoadOutcome {
  status: number;
  ok: boolean;
  dropped?: string;
  error?: { code: string; message: string };
}

function parallelLoadsFromChild(args: { port: number; auth: Record<string, string>; scanId: number; n: number }): Promise<LoadOutcome[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'parallel-loads.ts'), JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      try {
        const rows = JSON.parse(out) as { status: number; ok: boolean; dropped?: string; code?: string; message?: string }[];
        resolve(rows.map((r) => ({ status: r.status, ok: r.ok, dropped: r.dropped, error: r.code ? { code: r.code, message: r.message ?? '' } : undefined })));
      } catch {
        reject(new Error(`parallel loads child exited ${code} without its JSON: ${out.slice(0, 200)}`));
      }
    });
  });
}

/** N parallel getVolume of one scan while getAppInfo is timed and the host's RSS is sampled. */
async function concurrentLoads(host: HostProcess, scan: { id: number; dims: number[] }, n: number, t: Tally): Promise<void> {
  const volumeMb = (scan.dims[0]! * scan.dims[1]! * scan.dims[2]! * 2) / 1024 ** 2;
  const idleMb = (procInfo(host.pid)?.rssKb ?? 0) / 1024;
  // The budget: the host at rest, a few copies of the volume in flight, and slack for the runtime.
  const budgetMb = Math.round(idleMb + 4 * volumeMb + 256);
  // Baseline: getAppInfo on the idle host, same run, so a loaded machine is not blamed on the host.
  const idle: number[] = [];
  for (let i = 0; i < 30; i++) idle.push((await callOp(host, 'getAppInfo', {})).ms);
  const idleP95 = percentile(idle, 95);
  let peakSelf = 0;
  let peakTree = 0;
  let loading = true;
  const sampler = (async () => {
    while (loading) {
      const r = treeRssKb(host.pid);
      peakSelf = Math.max(peakSelf, r.self / 1024);
      peakTree = Math.max(peakTree, r.total / 1024);
      await sleep(25);
    }
  })();
  const latencies: number[] = [];
  const pinger = (async () => {
    while (loading) {
      const r = await callOp(host, 'getAppInfo', {}, { timeoutMs: 30_000 });
      latencies.push(r.ms);
      if (!r.ok) t.fail(`getAppInfo during the loads: ${r.dropped ?? `${r.status} ${r.error?.code}`}`);
      await sleep(20);
    }
  })();
  const t0 = performance.now();
  // n loads of one volume, and a few listings beside them, from their own process (see parallel-loads.ts).
  const loads = await parallelLoadsFromChild({ port: host.port, auth: host.auth, scanId: scan.id, n });
  const loadS = (performance.now() - t0) / 1000;
  loading = false;
  await Promise.all([sampler, pinger]);
  let busy = 0;
  loads.forEach((r, i) => {
    t.inputs++;
    if (r.dropped) t.fail(`parallel request ${i}: connection dropped (${r.dropped})`);
    else if (r.error?.code === 'host.busy' && r.status < 500) busy++;
    else if (!r.ok) t.fail(`parallel request ${i}: ${r.status} ${r.error?.code}: ${r.error?.message?.slice(0, 120)}`);
  });
  const p95 = percentile(latencies, 95);
  t.figures.parallelLoads = `${n} in ${loadS.toFixed(1)} s (${busy} host.busy)`;
  t.figures.volumeMb = volumeMb.toFixed(0);
  t.figures.hostRssPeakMb = `${peakSelf.toFixed(0)} (budget ${budgetMb}, idle ${idleMb.toFixed(0)}; with workers ${peakTree.toFixed(0)})`;
  t.figures.appInfoP95Ms = `${p95.toFixed(1)} under load vs ${idleP95.toFixed(1)} idle (goal ${APP_INFO_P95_GOAL_MS}, max ${Math.max(...latencies).toFixed(0)}, n ${latencies.length})`;
  if (peakSelf > budgetMb) t.fail(`host RSS peaked at ${peakSelf.toFixed(0)} MB during ${n} parallel loads, over its budget of ${budgetMb} MB`);
  // A stall, not a slow machine: over the goal AND several times the idle host of the same run.
  if (!(p95 < APP_INFO_P95_GOAL_MS) && p95 > STALL_RATIO * idleP95)
    t.fail(`getAppInfo p95 ${p95.toFixed(1)} ms during ${n} parallel loads (idle ${idleP95.toFixed(1)} ms), goal < ${APP_INFO_P95_GOAL_MS} ms`);
}
