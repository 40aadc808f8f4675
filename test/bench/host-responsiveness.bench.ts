import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeCrowdedLunaDataset } from '../helpers/crowded-luna-dataset';
import { startHostChild, type HostChild } from '../helpers/host-child';
import { makePhantomFixture } from '../phantom/make-phantom-fixture';
import type { LoadArgs } from './host-responsiveness-load';

/**
 * Issue 15, "the host never stalls": how fast a real browser host (its own process, HTTP on
 * 127.0.0.1) answers getAppInfo, a request that does no work, while heavy requests run:
 * - listing a scan with 25k LUNA16 rows (scan list, lesion list, progress, annotations);
 * - indexing a dataset with a 25k-row annotations.csv;
 * - volume loads and slabs of 4 uncached 256×256×80 scans (DICOM and MetaImage), 8 at a time.
 * Each probe is one getAppInfo every 10 ms for the length of the load; p50/p95/max beside
 * the same probe on the idle host (the baseline). Goal: max < 50 ms while each load runs.
 * The heavy requests come from a process of their own (host-responsiveness-load.ts), so the
 * probe's timings are the host's, not this process's parsing of 10 MB answers; beside them,
 * the host's own event-loop delay (LUNGDESK_LOOP_MONITOR).
 */
const pct = (a: number[], p: number): number => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(p * a.length))]!;
const load = (): string => os.loadavg().map((v) => v.toFixed(2)).join(' ');

interface Probed {
  lat: number[];
  work: number;
  /** The host's own event-loop delay over the phase (its monitorEventLoopDelay). */
  loop: { maxMs: number; p99Ms: number } | null;
}

/** Runs one phase of heavy requests in its own process (host-responsiveness-load.ts); resolves with its count of rounds. */
function loadFromChild(args: LoadArgs): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'host-responsiveness-load.ts'), JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      try {
        resolve((JSON.parse(out) as { work: number }).work);
      } catch {
        reject(new Error(`load child (${args.phase}) exited ${code} without its JSON: ${out.slice(0, 200)}`));
      }
    });
  });
}

/** getAppInfo every 10 ms from this process while `busy` runs (in another process, or a plain wait for the baseline). */
async function probe(host: HostChild, busy: () => Promise<number>): Promise<Probed> {
  const lat: number[] = [];
  let stop = false;
  await host.loopDelay();
  const worker = busy().finally(() => (stop = true));
  await new Promise((r) => setTimeout(r, 20));
  while (!stop) {
    const t0 = performance.now();
    const r = await host.call('getAppInfo', {});
    if (r.status !== 200) throw new Error(`getAppInfo answered ${r.status}`);
    lat.push(performance.now() - t0);
    await new Promise((r2) => setTimeout(r2, 10));
  }
  const work = await worker;
  return { lat, work, loop: await host.loopDelay() };
}

const loopText = (r: Probed): string => (r.loop ? `; host event-loop delay max ${r.loop.maxMs.toFixed(0)} ms, p99 ${r.loop.p99Ms.toFixed(0)} ms` : '');

function line(name: string, r: Probed, idle: number[], unit: string): string {
  const f = (v: number) => v.toFixed(1);
  const max = Math.max(...r.lat);
  return `  ${name.padEnd(44)} getAppInfo p50 ${f(pct(r.lat, 0.5))} ms, p95 ${f(pct(r.lat, 0.95))} ms, max ${f(max)} ms (${(pct(r.lat, 0.5) / pct(idle, 0.5)).toFixed(1)}× idle p50; goal max < 50 ms ${max < 50 ? 'MET' : 'MISSED'}) over ${r.lat.length} probes, ${r.work} ${unit}${loopText(r)}`;
}

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-responsive-'));
  let host: HostChild | undefined;
  try {
    const crowded = path.join(tmp, 'crowded');
    await makeCrowdedLunaDataset(crowded, 25_000);
    for (const seed of [1, 2]) await makePhantomFixture(path.join(tmp, 'volumes', `p${seed}`), { dims: [256, 256, 80], spacing: [1.4, 1.4, 4], seed });
    host = await startHostChild(path.join(tmp, 'data'), [crowded, path.join(tmp, 'volumes')], { LUNGDESK_HOST_MEMORY_MB: '256', LUNGDESK_LOOP_MONITOR: '1' },
      // LUNGDESK_BENCH_CPU_PROF=DIR: the host writes a V8 CPU profile there when it stops (to find its long stretches).
      process.env.LUNGDESK_BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.LUNGDESK_BENCH_CPU_PROF}`] : [],
    );
    const h = host;
    const [crowdedId, volumesId] = h.datasets as [number, number];
    const crowdedScan = h.scans.find((s) => s.noduleCount === 25_000)!;
    const volumeScans = h.scans.filter((s) => s.noduleCount !== 25_000);
    console.log(`browser host (own process), ${crowdedScan.noduleCount} rows on one scan, ${volumeScans.length} volumes of ${volumeScans[0]!.dims.join('×')} (load ${load()})`);

    const idle = await probe(h, () => new Promise((r) => setTimeout(() => r(0), 3000)));
    console.log(`  baseline: idle host                          getAppInfo p50 ${pct(idle.lat, 0.5).toFixed(1)} ms, p95 ${pct(idle.lat, 0.95).toFixed(1)} ms, max ${Math.max(...idle.lat).toFixed(1)} ms over ${idle.lat.length} probes${loopText(idle)}`);
    const args = { port: h.port, token: h.token, crowdedId, crowdedScanId: crowdedScan.id, volumeScanIds: volumeScans.map((s) => s.id), tmp, crowdedBefore: 1 };

    const listing = await probe(h, () => loadFromChild({ ...args, phase: 'listing', ms: 6000 }));
    console.log(line('listing the 25k-row scan', listing, idle.lat, 'rounds (scans, lesions, progress, annotations)'));

    const indexing = await probe(h, () => loadFromChild({ ...args, phase: 'indexing', ms: 8000 }));
    console.log(line('indexing a dataset with 25k rows', indexing, idle.lat, 'datasets indexed'));

    const volumes = await probe(h, () => loadFromChild({ ...args, phase: 'volumes', ms: 8000 }));
    console.log(line('volume loads and slabs, 8 in parallel', volumes, idle.lat, 'rounds of 8'));
    console.log(`  host RSS ${(h.rss()?.now ?? 0) / 2 ** 20 | 0} MB, peak ${(h.rss()?.peak ?? 0) / 2 ** 20 | 0} MB (budget 256 MB for volumes and slabs; load ${load()}); dataset ${volumesId}`);
  } finally {
    await host?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

void main();
